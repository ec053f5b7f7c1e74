using System.Net;
using System.Security.Cryptography;
using Baas.Authorizer.Api;
using Baas.Authorizer.Metrics;
using Baas.Authorizer.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baas.Authorizer;

/// <summary>Composes the authorizer into a host: its services, the ISO listener on Kestrel, and its HTTP endpoints.</summary>
public static partial class AuthorizerHost
{
    /// <summary>Registers the engine, metrics and the ISO listener.</summary>
    public static WebApplicationBuilder AddAuthorizer(this WebApplicationBuilder builder, AuthorizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<Engine.Engine>();
        builder.Services.AddSingleton<IsoListener>();
        builder.Services.AddSingleton<AuthorizerMetrics>();
        builder.Services.AddSingleton<IsoConnectionHandler>();
        var iso = ParseEndpoint(options.IsoListen);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(iso, listen => listen.UseConnectionHandler<IsoConnectionHandler>()));
        return builder;
    }

    /// <summary>Publishes the authorization log to Redis (<paramref name="redis"/> is host:port) while the authorizer runs.</summary>
    public static WebApplicationBuilder AddAuthorizerRelay(this WebApplicationBuilder builder, string redis)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new RelaySettings(redis));
        builder.Services.AddSingleton<RelayService>();
        builder.Services.AddHostedService(s => s.GetRequiredService<RelayService>());
        return builder;
    }

    /// <summary>Starts the engine (recovery happens here) and maps the management API and readiness.</summary>
    public static WebApplication MapAuthorizer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<AuthorizerOptions>();
        var engine = app.Services.GetRequiredService<Engine.Engine>();
        app.Services.GetRequiredService<AuthorizerMetrics>();
        app.Services.GetRequiredService<IsoListener>();
        var adminKey = ResolveAdminKey(options, app.Logger);
        app.MapManagementApi(adminKey);
        app.MapGet("/readyz", () => Results.Json(new { ready = true, head = engine.HeadSeq, committed = engine.CommittedSeq }));
        return app;
    }

    /// <summary>host:port (or [ipv6]:port, or localhost:port).</summary>
    public static IPEndPoint ParseEndpoint(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IPEndPoint.TryParse(value, out var endpoint))
        {
            return endpoint;
        }

        if (value.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) && int.TryParse(value.AsSpan("localhost:".Length), out var port))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        throw new ArgumentException($"'{value}' is not host:port", nameof(value));
    }

    private static string ResolveAdminKey(AuthorizerOptions options, ILogger logger)
    {
        if (!string.IsNullOrEmpty(options.AdminKey))
        {
            return options.AdminKey;
        }

        var path = Path.Combine(options.DataDirectory, "admin.key");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var key = "bk_admin_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Log.GeneratedAdminKey(logger, path);
        return key;
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Warning, "No admin key configured: generated one in {Path} (set --admin-key or BAAS_ADMIN_KEY)")]
        public static partial void GeneratedAdminKey(ILogger logger, string path);
    }
}
