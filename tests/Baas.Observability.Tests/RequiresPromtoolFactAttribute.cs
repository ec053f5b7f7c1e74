namespace Baas.Observability.Tests;

/// <summary>
/// A fact that needs <c>promtool</c>: skipped on a machine without it, but under <c>CI=true</c> it always runs, so a
/// missing promtool fails the build instead of passing silently. (xunit 2 cannot skip at run time.)
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresPromtoolFactAttribute : FactAttribute
{
    public RequiresPromtoolFactAttribute()
    {
        if (Promtool.Path is null && !Promtool.IsCi)
        {
            Skip = "promtool not on PATH: install the Debian package prometheus, or run ./baas test as root.";
        }
    }
}
