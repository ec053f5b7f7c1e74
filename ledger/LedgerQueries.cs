using Npgsql;

namespace Baas.Ledger;

/// <summary>
/// Read side of the ledger for the API: an account's balance and its journal, newest first, with keyset
/// (cursor) pagination over the entry id, so a page costs the same however deep it is.
/// </summary>
public sealed class LedgerQueries
{
    /// <summary>The most entries one page returns.</summary>
    public const int MaxPageSize = 500;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Queries over the ledger schema in <paramref name="dataSource"/>.</summary>
    public LedgerQueries(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <summary>The balance of the authorizer account <paramref name="accountId"/> (<c>customer:{accountId}</c>); null when the ledger has no such account.</summary>
    public Task<LedgerBalance?> GetBalanceAsync(string accountId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        return GetBalanceByCodeAsync(LedgerAccounts.Customer(accountId), cancellation);
    }

    /// <summary>The balance of the ledger account with code <paramref name="code"/>; null when there is none.</summary>
    public async Task<LedgerBalance?> GetBalanceByCodeAsync(string code, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        await using var command = _dataSource.CreateCommand("SELECT code, kind, currency, program_id, posted, pending FROM ledger.accounts WHERE code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation))
        {
            return null;
        }

        var posted = reader.GetInt64(4);
        var pending = reader.GetInt64(5);
        return new LedgerBalance(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            posted,
            pending,
            posted - pending);
    }

    /// <summary>
    /// A page of the authorizer account's journal, newest first: entries with an id below <paramref name="cursor"/>
    /// (all when null), at most <paramref name="limit"/>. Pass the page's <see cref="LedgerEntryPage.NextCursor"/>
    /// to get the next one; it is null on the last page.
    /// </summary>
    public Task<LedgerEntryPage> GetEntriesAsync(string accountId, long? cursor, int limit, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        return GetEntriesByCodeAsync(LedgerAccounts.Customer(accountId), cursor, limit, cancellation);
    }

    /// <summary>A page of the journal of the ledger account with code <paramref name="code"/>; see <see cref="GetEntriesAsync"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not 1..<see cref="MaxPageSize"/>, or the cursor is not positive.</exception>
    public async Task<LedgerEntryPage> GetEntriesByCodeAsync(string code, long? cursor, int limit, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        if (cursor is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cursor), cursor, "a cursor is an entry id from a previous page");
        }

        // One row more than asked says whether there is a next page.
        await using var command = _dataSource.CreateCommand(
            """
            SELECT e.id, e.seq, e.kind, e.ts, e.hold_id, e.resolution, e.description, p.currency, p.amount, p.pending
            FROM ledger.postings p
            JOIN ledger.journal_entries e ON e.id = p.entry_id
            WHERE p.account_id = (SELECT id FROM ledger.accounts WHERE code = $1) AND p.entry_id < $2
            ORDER BY p.entry_id DESC
            LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = cursor ?? long.MaxValue });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
        var entries = new List<LedgerEntry>(Math.Min(limit, 64));
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            if (entries.Count == limit)
            {
                more = true;
                break;
            }

            entries.Add(new LedgerEntry(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetInt64(8),
                reader.GetInt64(9)));
        }

        return new LedgerEntryPage(entries, more ? entries[^1].EntryId : null);
    }
}

/// <summary>
/// Balances of one ledger account. <see cref="Posted"/> is credit positive (for a customer: what the customer
/// has, the authorizer's Posted); <see cref="Pending"/> is what is held against it (the authorizer's Held);
/// <see cref="Available"/> is <c>Posted - Pending</c>, without any overdraft the authorizer may also allow.
/// </summary>
/// <param name="Code">The account code, for example <c>customer:acct_1</c>.</param>
/// <param name="Kind">customer, network_settlement, sponsor_omnibus, program_settlement or fees.</param>
/// <param name="Currency">ISO 4217 alphabetic code; amounts are in its minor units.</param>
/// <param name="ProgramId">The program of a customer account, when known.</param>
/// <param name="Posted">Posted balance, credit positive.</param>
/// <param name="Pending">Amount held by open pending transfers.</param>
/// <param name="Available">Posted minus pending.</param>
public sealed record LedgerBalance(string Code, string Kind, string Currency, string? ProgramId, long Posted, long Pending, long Available);

/// <summary>One journal entry as it touched one account: the change to that account's posted balance and pending amount.</summary>
/// <param name="EntryId">The entry id (the cursor for the next page).</param>
/// <param name="Seq">The authorization-log sequence the entry comes from.</param>
/// <param name="Kind">The entry kind (docs/ledger.md), for example <c>clearing</c>.</param>
/// <param name="Timestamp">When the event was decided.</param>
/// <param name="HoldId">The hold (pending transfer) it changed, if any.</param>
/// <param name="Resolution">posted, voided or expired when this entry resolved the hold.</param>
/// <param name="Description">Merchant, references.</param>
/// <param name="Currency">ISO 4217 alphabetic code.</param>
/// <param name="Amount">Change to the account's posted balance (credit positive).</param>
/// <param name="Pending">Change to the account's pending amount.</param>
public sealed record LedgerEntry(
    long EntryId,
    long? Seq,
    string Kind,
    DateTimeOffset Timestamp,
    long? HoldId,
    string? Resolution,
    string Description,
    string Currency,
    long Amount,
    long Pending);

/// <summary>A page of entries, newest first, and the cursor of the next page (null on the last).</summary>
/// <param name="Entries">At most the requested number of entries.</param>
/// <param name="NextCursor">Pass as the cursor to get the next (older) page; null when there is none.</param>
public sealed record LedgerEntryPage(IReadOnlyList<LedgerEntry> Entries, long? NextCursor);
