using Baas.Compliance.Screening;
using Baas.Payments.Ach;
using Baas.Payments.Bank;
using Baas.Payments.Calendar;
using Baas.Payments.Orchestration;
using Baas.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Baas.Payments.Tests.Orchestration;

/// <summary>
/// A throwaway database <c>payments_test_{guid}</c>, the orchestration over it with the real screening service on
/// the tiny OFAC list, the sponsor-bank simulator on temporary outbox and inbox directories, a clock the test moves,
/// and an in-memory balance that honours reservations as the authorizer does.
/// </summary>
public sealed class PaymentsHarness : IAsyncDisposable
{
    private static readonly Lazy<ScreeningService> Screening = new(() =>
        new ScreeningService(new SanctionsListProvider(Path.Combine(TestData.DataDirectory, "sanctions", "ofac-sdn-tiny-2025")), Options.Create(new ScreeningOptions())));

    private readonly string _name = "payments_test_" + Guid.NewGuid().ToString("N");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "baas-payments-" + Guid.NewGuid().ToString("N"));

    private PaymentsHarness(DateTimeOffset start) => Clock = new MovableClock(start);

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public MovableClock Clock { get; }

    public MemoryAccounts Accounts { get; } = new();

    public PaymentService Service { get; private set; } = null!;

    public PaymentDispatcher Dispatcher { get; private set; } = null!;

    public PaymentInbox Inbox { get; private set; } = null!;

    public SponsorBankSimulator Bank { get; private set; } = null!;

    public string Outbox => Path.Combine(_dir, "outbox");

    public string InboxDirectory => Path.Combine(_dir, "inbox");

    /// <summary>Tuesday 2026-11-24, 09:00 Eastern: before the first same-day window.</summary>
    public static DateTimeOffset TuesdayMorning { get; } = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);

    public static async Task<PaymentsHarness> CreateAsync(DateTimeOffset? start = null)
    {
        var h = new PaymentsHarness(start ?? TuesdayMorning);
        await using (var admin = new NpgsqlConnection(PostgresEnvironment.Require()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {h._name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        h.DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresEnvironment.Require()) { Database = h._name }.ConnectionString);
        await PaymentsMigrator.MigrateAsync(h.DataSource);
        var chooser = new RailChooser(RailPolicy.Default, BusinessCalendar.FederalReserve, AchWindows.FedAch);
        h.Service = new PaymentService(h.DataSource, chooser, h.Accounts, new TinyListScreening(Screening.Value), NullLogger.Instance, h.Clock);
        h.Dispatcher = new PaymentDispatcher(h.Service, Originator.Sample, h.Outbox, BusinessCalendar.FederalReserve, AchWindows.FedAch, NullLogger.Instance);
        h.Inbox = new PaymentInbox(h.Service, h.InboxDirectory, NullLogger.Instance);
        h.Bank = new SponsorBankSimulator(h.Outbox, h.InboxDirectory, Originator.Sample, h.Clock, new BankSimulatorOptions { AckAfter = TimeSpan.Zero, SettleAfter = TimeSpan.FromMinutes(10), ReturnAfter = TimeSpan.FromMinutes(5) });
        return h;
    }

    /// <summary>The bank answers what is due, and the inbox applies it.</summary>
    public async Task ExchangeAsync()
    {
        await Bank.PumpAsync(default);
        await Inbox.ProcessAsync(default);
    }

    /// <summary>Moves the clock and lets the bank and the inbox catch up.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await ExchangeAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static PaymentRequest Credit(string account, long amount, string rail = "auto", string counterpartyAccount = "123456789", string name = "Jane Roe", string? settlement = null, string direction = "credit") =>
        new(account, direction, amount, "USD", new Counterparty(name, "021000021", counterpartyAccount, "checking", null, null, "US"), rail, "rent", settlement);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(PostgresEnvironment.Require()))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private sealed class TinyListScreening(ScreeningService screening) : ICounterpartyScreening
    {
        public Task<IReadOnlyList<string>> ScreenAsync(string name, string? country, CancellationToken cancellation) =>
            Task.FromResult<IReadOnlyList<string>>([.. screening.Screen(new Compliance.Screening.Matching.ScreeningQuery(name)).Hits.Select(h => h.EntryId)]);
    }
}

/// <summary>A clock the test moves.</summary>
public sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// Balances as the authorizer keeps them for payments: available = posted − held; a reservation the available
/// balance cannot cover is refused; references make every call idempotent. The real authorizer is exercised by the
/// end-to-end test.
/// </summary>
public sealed class MemoryAccounts : IPaymentAccounts
{
    private readonly Dictionary<string, (long Posted, long Held)> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (string Account, long Amount, string State)> _reservations = [];
    private readonly HashSet<string> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _reservedBy = new(StringComparer.Ordinal);
    private long _next = 1;

    public bool Down { get; set; }

    public List<string> Calls { get; } = [];

    public void Open(string account, long posted) => _balances[account] = (posted, 0);

    public (long Posted, long Held, long Available) Balance(string account)
    {
        var (posted, held) = _balances[account];
        return (posted, held, posted - held);
    }

    public Task<long> ReserveAsync(string accountId, long amount, string reference, CancellationToken cancellation)
    {
        Check();
        lock (_balances)
        {
            if (_reservedBy.TryGetValue(reference, out var existing))
            {
                return Task.FromResult(existing);
            }

            if (!_balances.TryGetValue(accountId, out var b))
            {
                throw new PaymentException(404, "no account " + accountId);
            }

            if (b.Posted - b.Held < amount)
            {
                throw new PaymentException(422, "insufficient available funds");
            }

            _balances[accountId] = (b.Posted, b.Held + amount);
            var id = _next++;
            _reservations[id] = (accountId, amount, "active");
            _reservedBy[reference] = id;
            Calls.Add($"reserve {amount}");
            return Task.FromResult(id);
        }
    }

    public Task ReleaseAsync(string accountId, long reservationId, bool post, string reference, CancellationToken cancellation)
    {
        Check();
        lock (_balances)
        {
            var r = _reservations[reservationId];
            if (r.State != "active")
            {
                return Task.CompletedTask;
            }

            var b = _balances[accountId];
            _balances[accountId] = (post ? b.Posted - r.Amount : b.Posted, b.Held - r.Amount);
            _reservations[reservationId] = r with { State = post ? "posted" : "released" };
            Calls.Add((post ? "post " : "release ") + r.Amount);
            return Task.CompletedTask;
        }
    }

    public Task<long> MoveAsync(string accountId, long amount, string reference, string method, string? country, string counterparty, CancellationToken cancellation)
    {
        Check();
        lock (_balances)
        {
            if (_references.Add(reference))
            {
                var b = _balances[accountId];
                _balances[accountId] = (b.Posted + amount, b.Held);
                Calls.Add($"{(amount > 0 ? "credit" : "debit")} {Math.Abs(amount)} {method}");
            }

            return Task.FromResult(_next++);
        }
    }

    private void Check()
    {
        if (Down)
        {
            throw new HttpRequestException("the authorizer is down");
        }
    }
}
