namespace Baas.IntegrationTests;

/// <summary>The theory counterpart of <see cref="RequiresServicesFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresServicesTheoryAttribute : TheoryAttribute
{
    public RequiresServicesTheoryAttribute(Services services = Services.All)
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
