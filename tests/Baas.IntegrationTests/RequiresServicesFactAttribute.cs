namespace Baas.IntegrationTests;

/// <summary>
/// A fact that needs real servers: skipped on a laptop without them, but under <c>CI=true</c> it always runs,
/// so a missing server fails the build instead of passing silently. (xunit 2 cannot skip at run time.)
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresServicesFactAttribute : FactAttribute
{
    public RequiresServicesFactAttribute(Services services = Services.All)
    {
        Services = services;
        var missing = TestEnvironment.Missing(services);
        if (missing.Count > 0 && !TestEnvironment.IsCi)
        {
            Skip = TestEnvironment.Explain(missing);
        }
    }

    public Services Services { get; }
}
