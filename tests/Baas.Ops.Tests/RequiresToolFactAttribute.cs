namespace Baas.Ops.Tests;

/// <summary>
/// A fact that needs a binary (promtool, prometheus): skipped on a machine without it, but under <c>CI=true</c> it
/// always runs and fails, so a missing binary cannot pass silently. (xunit 2 cannot skip at run time.)
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresToolFactAttribute : FactAttribute
{
    public RequiresToolFactAttribute(string path)
    {
        Path = path;
        if (!File.Exists(path) && !Tools.IsCi)
        {
            Skip = $"{path} is missing: {Tools.InstallHint}, or run ./baas test as root.";
        }
    }

    /// <summary>The binary the fact runs.</summary>
    public string Path { get; }
}
