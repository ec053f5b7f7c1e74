using System.Text;
using Baas.Compliance.Monitoring;
using Baas.Compliance.Screening;
using Baas.Kyc.Providers;
using Baas.Kyc.Risk;
using Baas.Kyc.Store;
using Baas.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Baas.Kyc.Tests.Workflow;

/// <summary>
/// A throwaway database <c>kyc_test_{guid}</c> with the kyc and compliance schemas, a <see cref="KycService"/> over
/// it with the real screening service on the tiny OFAC list, and accounts that record what the authorizer was told.
/// </summary>
public sealed class KycDatabase : IAsyncDisposable
{
    public const string WebhookSecret = "whsec-test";

    private static readonly Lazy<ScreeningService> Screening = new(() =>
        new ScreeningService(new SanctionsListProvider(DataPath("sanctions", "ofac-sdn-tiny-2025")), Options.Create(new ScreeningOptions())));

    private readonly string _name = "kyc_test_" + Guid.NewGuid().ToString("N");

    private KycDatabase()
    {
    }

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public KycService Service { get; private set; } = null!;

    public RecordingAccounts Accounts { get; } = new();

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 15, 0, 0, TimeSpan.Zero));

    public IdentityProtector Protector { get; } = new(Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

    public static async Task<KycDatabase> CreateAsync(bool screening = true)
    {
        var db = new KycDatabase();
        await using (var admin = new NpgsqlConnection(PostgresEnvironment.Require()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {db._name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        db.DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresEnvironment.Require()) { Database = db._name }.ConnectionString);
        await ComplianceMigrator.MigrateAsync(db.DataSource);
        await KycMigrator.MigrateAsync(db.DataSource);
        await Baas.Payments.PaymentsMigrator.MigrateAsync(db.DataSource);
        db.Service = new KycService(
            new KycStore(db.DataSource, db.Clock),
            db.Protector,
            ProviderRegistry.Default(new Dictionary<string, string> { ["simulator"] = WebhookSecret, ["clearcheck"] = WebhookSecret, ["scorecheck"] = WebhookSecret }),
            screening ? new ScreeningSanctionsCheck(Screening.Value, () => null) : null,
            db.Accounts,
            KycPolicy.Default,
            NullLogger.Instance);
        return db;
    }

    public static string DataPath(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, "shared", "data", .. parts]);
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("shared/data/" + string.Join('/', parts) + " not found above the test directory");
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresEnvironment.Require());
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>What the authorizer was told, per account (the real authorizer is exercised by the end-to-end test).</summary>
public sealed class RecordingAccounts : ICustomerAccounts
{
    private readonly Dictionary<string, string> _status = new(StringComparer.Ordinal);

    public List<(string Account, string Status)> Calls { get; } = [];

    public bool Down { get; set; }

    public string? StatusOf(string account)
    {
        lock (_status)
        {
            return _status.GetValueOrDefault(account);
        }
    }

    public Task<bool> ExistsAsync(string accountId, CancellationToken cancellation)
    {
        lock (_status)
        {
            return Task.FromResult(_status.ContainsKey(accountId));
        }
    }

    public Task<string> OpenAsync(string? accountId, string programId, string currency, CancellationToken cancellation)
    {
        lock (_status)
        {
            var id = accountId ?? "acc_" + (_status.Count + 1);
            _status[id] = "ok";
            return Task.FromResult(id);
        }
    }

    public Task SetCustomerStatusAsync(string accountId, string customerStatus, string reason, CancellationToken cancellation)
    {
        if (Down)
        {
            throw new HttpRequestException("the authorizer is down");
        }

        lock (_status)
        {
            _status[accountId] = customerStatus;
            Calls.Add((accountId, customerStatus));
        }

        return Task.CompletedTask;
    }
}

/// <summary>A clock the test moves.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
