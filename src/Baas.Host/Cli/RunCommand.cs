using System.CommandLine;
using Baas.Authorizer;
using Baas.Authorizer.State;
using Baas.Host.Components;
using Baas.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baas.Host.Cli;

/// <summary>
/// <c>baas run --components authorizer [...]</c>: composes the named components into one process and runs it
/// until SIGINT or SIGTERM. Settings come, in rising precedence, from a JSON config file (section
/// "Authorizer"), environment variables (<c>BAAS_Authorizer__BudgetMs</c>, and the short forms
/// <c>BAAS_ADMIN_KEY</c>, <c>BAAS_DATA</c>, <c>BAAS_PAN_KEY</c>) and the command line.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var components = new Option<string>("--components") { Description = "Comma-separated components to run (authorizer, ledger, compliance, kyc, payments).", DefaultValueFactory = _ => "authorizer" };
        var config = new Option<string?>("--config") { Description = "A JSON configuration file." };
        var data = new Option<string?>("--data") { Description = "Data directory (state, log, checkpoints). Default .baas/data." };
        var isoListen = new Option<string?>("--iso-listen") { Description = "ISO 8583 listener, host:port. Default 127.0.0.1:8583." };
        var profile = new Option<string?>("--profile") { Description = "Wire profile: ascii, mixed, bcd, bcd-ebcdic or a JSON spec file." };
        var framing = new Option<string?>("--framing") { Description = "binary2 or ascii4." };
        var headerBytes = new Option<int?>("--header-bytes") { Description = "Fixed header (TPDU) bytes after the length prefix." };
        var httpListen = new Option<string>("--http-listen") { Description = "Management API and /metrics, host:port.", DefaultValueFactory = _ => "127.0.0.1:8080" };
        var adminKey = new Option<string?>("--admin-key") { Description = "Bearer key of the management API administrator (or BAAS_ADMIN_KEY)." };
        var budget = new Option<int?>("--budget-ms") { Description = "Deadline after receipt; later answers become 91. Default 150." };
        var inflight = new Option<int?>("--max-inflight-per-connection") { Description = "Requests in flight per connection. Default 256." };
        var panKey = new Option<string?>("--pan-key") { Description = "HMAC key for PAN tokens, hex (generated under --data when absent)." };
        var checkpoint = new Option<int?>("--checkpoint-seconds") { Description = "Seconds between checkpoints. Default 60." };
        var fullEvery = new Option<int?>("--full-checkpoint-every") { Description = "Every Nth checkpoint writes the hash indexes too; the rest only changed pages. Default 30." };
        var stateSize = new Option<string?>("--state-size") { Description = "small (tests, demos) or default (a million cards in memory)." };
        var pg = new Option<string?>("--pg") { Description = "Npgsql connection string of the ledger's PostgreSQL (or BAAS_PG)." };
        var redis = new Option<string?>("--redis") { Description = "Redis host:port: the authorizer publishes its log to the stream baas:authlog there (or BAAS_RELAY_REDIS)." };
        var authorizerUrl = new Option<string?>("--authorizer-url") { Description = "The authorizer's management API, for a ledger in another process: periodic reconciliation and adjustments go there (or BAAS_AUTHORIZER_URL)." };
        var reconcileSeconds = new Option<int?>("--reconcile-seconds") { Description = "Seconds between the ledger's reconciliation runs against the authorizer; 0 turns them off. Default 300." };
        var sanctions = new Option<string?>("--sanctions") { Description = "Compliance: directory of sanctions lists (OFAC legacy CSV, UN XML); reloaded when the files change (or BAAS_SANCTIONS)." };
        var rules = new Option<string?>("--rules") { Description = "Compliance: a monitoring rule set (JSON); the built-in rules when absent." };
        var filings = new Option<string?>("--filings") { Description = "Compliance: directory where filed SAR and CTR batches are written." };
        var filer = new Option<string?>("--filer") { Description = "Compliance: the filing institution and transmitter (JSON); a sample filer when absent." };
        var kycPolicy = new Option<string?>("--kyc-policy") { Description = "KYC: a policy file (risk factors, thresholds, monitoring triggers; JSON); the built-in policy when absent." };
        var kycKey = new Option<string?>("--kyc-key") { Description = "KYC: the file holding the 32-byte key that protects identifiers (hex); created when absent. Default {data}/kyc.key." };
        var complianceUrl = new Option<string?>("--compliance-url") { Description = "KYC: the compliance API (screening) when compliance runs in another process (or BAAS_COMPLIANCE_URL)." };
        var webhookSecret = new Option<string[]>("--webhook-secret") { Description = "KYC: provider=secret for a provider's webhook signatures; repeatable (or BAAS_KYC_WEBHOOK_SECRET_{PROVIDER}).", AllowMultipleArgumentsPerToken = false };
        var outbox = new Option<string?>("--outbox") { Description = "Payments: where outbound NACHA files (*.ach) and ISO 20022 messages (*.xml) are written. Default {data}/payments/outbox." };
        var inbox = new Option<string?>("--inbox") { Description = "Payments: where the sponsor bank's files arrive. Default {data}/payments/inbox." };
        var bankSim = new Option<bool>("--bank-sim") { Description = "Payments: run the sponsor-bank simulator in this process (reads the outbox, answers in the inbox)." };
        var rails = new Option<string?>("--rails") { Description = "Payments: a rail policy file (limits, costs, wire cut-off, reach; JSON); the built-in policy when absent." };
        var command = new Command("run", "Run components in the foreground until SIGINT/SIGTERM.")
        {
            outbox, inbox, bankSim, rails,
            components, config, data, isoListen, profile, framing, headerBytes, httpListen, adminKey, budget, inflight, panKey, checkpoint, fullEvery, stateSize, redis, pg,
            authorizerUrl, reconcileSeconds, sanctions, rules, filings, filer, kycPolicy, kycKey, complianceUrl, webhookSecret,
        };
        command.SetAction(async (r, cancellation) =>
        {
            var configuration = new ConfigurationBuilder();
            if (r.GetValue(config) is { } file)
            {
                configuration.AddJsonFile(Path.GetFullPath(file), optional: false);
            }

            configuration.AddEnvironmentVariables("BAAS_");
            var settings = configuration.Build();
            var options = new AuthorizerOptions();
            settings.GetSection("Authorizer").Bind(options);
            options.AdminKey = r.GetValue(adminKey) ?? Environment.GetEnvironmentVariable("BAAS_ADMIN_KEY") ?? options.AdminKey;
            options.DataDirectory = r.GetValue(data) ?? Environment.GetEnvironmentVariable("BAAS_DATA") ?? options.DataDirectory;
            options.PanKey = r.GetValue(panKey) ?? Environment.GetEnvironmentVariable("BAAS_PAN_KEY") ?? options.PanKey;
            options.IsoListen = r.GetValue(isoListen) ?? options.IsoListen;
            options.Profile = r.GetValue(profile) ?? options.Profile;
            options.Framing = r.GetValue(framing) ?? options.Framing;
            options.HeaderBytes = r.GetValue(headerBytes) ?? options.HeaderBytes;
            options.BudgetMs = r.GetValue(budget) ?? options.BudgetMs;
            options.MaxInflightPerConnection = r.GetValue(inflight) ?? options.MaxInflightPerConnection;
            options.CheckpointSeconds = r.GetValue(checkpoint) ?? options.CheckpointSeconds;
            options.FullCheckpointEvery = r.GetValue(fullEvery) ?? options.FullCheckpointEvery;
            options.Sizing = (r.GetValue(stateSize) ?? settings["Authorizer:StateSize"]) == "small" ? StateSizing.Small : StateSizing.Default;
            options.DataDirectory = Path.GetFullPath(options.DataDirectory);

            var wanted = r.GetValue(components)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = wanted.Except(["authorizer", "ledger", "compliance", "kyc", "payments"]).ToList();
            if (unknown.Count > 0)
            {
                await Console.Error.WriteLineAsync($"unknown component(s): {string.Join(", ", unknown)} (available: authorizer, ledger, compliance, kyc, payments)");
                return 2;
            }

            // The ledger and compliance APIs take the administrator's key: the one given, else the authorizer's generated admin.key.
            var dataDirectory = options.DataDirectory;
            var explicitKey = options.AdminKey;
            string? ResolveAdminKey() => !string.IsNullOrEmpty(explicitKey) ? explicitKey
                : File.Exists(Path.Combine(dataDirectory, "admin.key")) ? File.ReadAllText(Path.Combine(dataDirectory, "admin.key")).Trim() : null;

            // A ledger or compliance without the authorizer in this process reaches it over its management API.
            var remoteAuthorizer = wanted.Contains("authorizer") ? null : r.GetValue(authorizerUrl) ?? Environment.GetEnvironmentVariable("BAAS_AUTHORIZER_URL") ?? settings["AuthorizerUrl"];
            var relayTo = r.GetValue(redis) ?? Environment.GetEnvironmentVariable("BAAS_RELAY_REDIS") ?? settings["Redis"];
            LedgerSettings? ledger = null;
            if (wanted.Contains("ledger"))
            {
                var connection = r.GetValue(pg) ?? Environment.GetEnvironmentVariable("BAAS_PG") ?? settings["Pg"];
                if (string.IsNullOrWhiteSpace(connection))
                {
                    await Console.Error.WriteLineAsync("the ledger needs PostgreSQL: --pg \"Host=...;Port=...;Username=...;Database=...\" (or BAAS_PG)");
                    return 2;
                }

                if (string.IsNullOrWhiteSpace(relayTo) && !wanted.Contains("authorizer"))
                {
                    await Console.Error.WriteLineAsync("the ledger reads the authorization log from Redis (--redis) or from an authorizer in the same process");
                    return 2;
                }

                var every = r.GetValue(reconcileSeconds) ?? settings.GetValue<int?>("Ledger:ReconcileSeconds") ?? 300;
                if (every < 0)
                {
                    await Console.Error.WriteLineAsync("--reconcile-seconds must be 0 (off) or more");
                    return 2;
                }

                ledger = new LedgerSettings(
                    connection,
                    wanted.Contains("authorizer") ? null : relayTo,
                    ResolveAdminKey)
                {
                    AuthorizerUrl = remoteAuthorizer,
                    ReconcileEvery = TimeSpan.FromSeconds(every),
                };
            }

            ComplianceSettings? compliance = null;
            if (wanted.Contains("compliance"))
            {
                var connection = r.GetValue(pg) ?? Environment.GetEnvironmentVariable("BAAS_PG") ?? settings["Pg"];
                var lists = r.GetValue(sanctions) ?? Environment.GetEnvironmentVariable("BAAS_SANCTIONS") ?? settings["Sanctions"];
                if (string.IsNullOrWhiteSpace(connection) && string.IsNullOrWhiteSpace(lists))
                {
                    await Console.Error.WriteLineAsync("compliance needs --sanctions DIR (screening) and/or --pg (monitoring, cases, filings)");
                    return 2;
                }

                if (lists is not null && !Directory.Exists(lists))
                {
                    await Console.Error.WriteLineAsync($"--sanctions: no such directory: {lists}");
                    return 2;
                }

                var rulesFile = r.GetValue(rules) ?? settings["Compliance:Rules"];
                var filerFile = r.GetValue(filer) ?? settings["Compliance:Filer"];
                if (await Unreadable("--rules", rulesFile, f => Baas.Compliance.Monitoring.RuleSet.Load(f)) || await Unreadable("--filer", filerFile, f => Baas.Compliance.Cases.FilerProfile.Load(f)))
                {
                    return 2;
                }

                compliance = new ComplianceSettings(
                    string.IsNullOrWhiteSpace(connection) ? null : connection,
                    wanted.Contains("authorizer") ? null : relayTo,
                    lists is null ? null : Path.GetFullPath(lists),
                    ResolveAdminKey)
                {
                    RulesFile = rulesFile,
                    AuthorizerUrl = remoteAuthorizer,
                    FilingsDirectory = r.GetValue(filings) is { } f ? Path.GetFullPath(f) : null,
                    FilerFile = filerFile,
                };
            }

            KycSettings? kyc = null;
            if (wanted.Contains("kyc"))
            {
                var connection = r.GetValue(pg) ?? Environment.GetEnvironmentVariable("BAAS_PG") ?? settings["Pg"];
                if (string.IsNullOrWhiteSpace(connection))
                {
                    await Console.Error.WriteLineAsync("KYC needs PostgreSQL: --pg \"Host=...;Port=...;Username=...;Database=...\" (or BAAS_PG)");
                    return 2;
                }

                var policyFile = r.GetValue(kycPolicy) ?? settings["Kyc:Policy"];
                if (await Unreadable("--kyc-policy", policyFile, f => Baas.Kyc.Risk.KycPolicy.Load(f)))
                {
                    return 2;
                }

                var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
                {
                    if (variable.Key is string name && name.StartsWith("BAAS_KYC_WEBHOOK_SECRET_", StringComparison.Ordinal) && variable.Value is string value)
                    {
                        secrets[name["BAAS_KYC_WEBHOOK_SECRET_".Length..].ToLowerInvariant()] = value;
                    }
                }

                foreach (var pair in r.GetValue(webhookSecret) ?? [])
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0 || eq == pair.Length - 1)
                    {
                        await Console.Error.WriteLineAsync($"--webhook-secret {pair.Split('=')[0]}=...: expected provider=secret");
                        return 2;
                    }

                    secrets[pair[..eq]] = pair[(eq + 1)..];
                }

                var screeningHere = compliance?.Sanctions is not null;
                var remoteCompliance = r.GetValue(complianceUrl) ?? Environment.GetEnvironmentVariable("BAAS_COMPLIANCE_URL") ?? settings["ComplianceUrl"];
                if (!screeningHere && string.IsNullOrWhiteSpace(remoteCompliance))
                {
                    await Console.Error.WriteLineAsync("warning: KYC has no sanctions screening (run compliance with --sanctions in this process, or give --compliance-url); customers will wait in SANCTIONS_SCREENING");
                }

                kyc = new KycSettings(
                    connection,
                    wanted.Contains("authorizer") ? null : relayTo,
                    ResolveAdminKey,
                    Path.GetFullPath(r.GetValue(kycKey) ?? settings["Kyc:KeyFile"] ?? Path.Combine(options.DataDirectory, "kyc.key")))
                {
                    AuthorizerUrl = remoteAuthorizer,
                    ComplianceUrl = screeningHere ? null : remoteCompliance,
                    PolicyFile = policyFile,
                    WebhookSecrets = secrets,
                };
            }

            PaymentsSettings? payments = null;
            if (wanted.Contains("payments"))
            {
                var connection = r.GetValue(pg) ?? Environment.GetEnvironmentVariable("BAAS_PG") ?? settings["Pg"];
                if (string.IsNullOrWhiteSpace(connection))
                {
                    await Console.Error.WriteLineAsync("payments need PostgreSQL: --pg \"Host=...;Port=...;Username=...;Database=...\" (or BAAS_PG)");
                    return 2;
                }

                var railsFile = r.GetValue(rails) ?? settings["Payments:Rails"];
                if (await Unreadable("--rails", railsFile, f => Baas.Payments.Orchestration.RailPolicy.Load(f)))
                {
                    return 2;
                }

                payments = new PaymentsSettings(
                    connection,
                    ResolveAdminKey,
                    Path.GetFullPath(r.GetValue(outbox) ?? settings["Payments:Outbox"] ?? Path.Combine(options.DataDirectory, "payments", "outbox")),
                    Path.GetFullPath(r.GetValue(inbox) ?? settings["Payments:Inbox"] ?? Path.Combine(options.DataDirectory, "payments", "inbox")))
                {
                    AuthorizerUrl = remoteAuthorizer,
                    ComplianceUrl = compliance?.Sanctions is not null ? null : r.GetValue(complianceUrl) ?? Environment.GetEnvironmentVariable("BAAS_COMPLIANCE_URL"),
                    RailsFile = railsFile,
                    BankSimulator = r.GetValue(bankSim),
                };
            }

            try
            {
                return await RunAsync(options, AuthorizerHost.ParseEndpoint(r.GetValue(httpListen)!), wanted, relayTo, ledger, compliance, kyc, payments, cancellation);
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or System.Data.Common.DbException)
            {
                await Console.Error.WriteLineAsync("baas run: " + e.Message);
                return 1;
            }
        });
        return command;
    }

    /// <summary>Loads a configuration file once at start so a bad one stops the command with a clear message, not the host later.</summary>
    private static async Task<bool> Unreadable(string option, string? path, Func<string, object> load)
    {
        if (path is null)
        {
            return false;
        }

        try
        {
            _ = load(path);
            return false;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{option} {path}: {e.Message}");
            return true;
        }
    }

    private static async Task<int> RunAsync(AuthorizerOptions options, System.Net.IPEndPoint http, string[] components, string? redis, LedgerSettings? ledger, ComplianceSettings? compliance, KycSettings? kyc, PaymentsSettings? payments, CancellationToken cancellation)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddPrometheusExporter();
        builder.WebHost.ConfigureKestrel(k => k.Listen(http));
        if (components.Contains("authorizer"))
        {
            builder.AddAuthorizer(options);
            if (!string.IsNullOrWhiteSpace(redis))
            {
                builder.AddAuthorizerRelay(redis);
            }
        }

        if (ledger is not null)
        {
            builder.AddLedger(ledger);
        }

        if (compliance is not null)
        {
            builder.AddCompliance(compliance);
        }

        if (kyc is not null)
        {
            builder.AddKyc(kyc);
        }

        if (payments is not null)
        {
            builder.AddPayments(payments);
        }

        var app = builder.Build();
        app.MapPrometheusMetrics();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        if (components.Contains("authorizer"))
        {
            app.MapAuthorizer();
        }

        if (ledger is not null)
        {
            app.MapLedger();
            if (!components.Contains("authorizer"))
            {
                // Ready once the consumer runs; its position says how far the ledger is.
                var service = app.Services.GetRequiredService<LedgerService>();
                app.MapGet("/readyz", () => service.Consumer is { } consumer
                    ? Results.Json(new { ready = true, ledgerPosition = consumer.Position })
                    : Results.Json(new { ready = false }, statusCode: 503));
            }
        }

        if (compliance is not null)
        {
            app.MapCompliance();
            if (!components.Contains("authorizer") && ledger is null)
            {
                var service = app.Services.GetRequiredService<ComplianceService>();
                app.MapGet("/readyz", () => Results.Json(new { ready = true, compliancePosition = service.Consumer?.Position }));
            }
        }

        if (payments is not null)
        {
            app.MapPayments();
            if (!components.Contains("authorizer") && ledger is null && compliance is null && kyc is null)
            {
                app.MapGet("/readyz", () => Results.Json(new { ready = true }));
            }
        }

        if (kyc is not null)
        {
            app.MapKyc();
            if (!components.Contains("authorizer") && ledger is null && compliance is null)
            {
                var service = app.Services.GetRequiredService<KycHostedService>();
                app.MapGet("/readyz", () => Results.Json(new { ready = true, kycPosition = service.Consumer?.Position }));
            }
        }

        await app.RunAsync(cancellation);
        return 0;
    }
}
