namespace Baas.Ledger.Tests;

/// <summary>At-least-once delivery made effectively once: the position is stored with the writes and everything at or below it is skipped.</summary>
public sealed class IdempotencyTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [PostgresFact]
    public async Task Position_starts_at_zero_and_is_the_last_record_applied()
    {
        var (s, a) = Start();
        Assert.Equal(0, await db.Store.PositionAsync(a.Id));
        s.Authorize(a, 100);
        var last = s.CardIssued(a); // the last record moves no money, yet it is the position

        Assert.Equal(last, await db.Store.ApplyAsync(a.Id, s.Take()));
        Assert.Equal(last, await db.Store.PositionAsync(a.Id));
        Assert.Equal(last, await db.Store.ApplyAsync(a.Id, []));
    }

    [PostgresFact]
    public async Task Applying_the_same_batch_twice_changes_nothing()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        s.Clear(a, hold, 2_000);
        s.Reserve(a, 1_000);
        var batch = s.Take();
        var position = await db.Store.ApplyAsync(a.Id, batch);
        var after = await db.CountsAsync();

        Assert.Equal(position, await db.Store.ApplyAsync(a.Id, batch));
        Assert.Equal(after, await db.CountsAsync());
        await AssertBalanceAsync(a);
        Assert.Empty(await db.Verifier.VerifyAsync());
    }

    [PostgresFact]
    public async Task An_overlapping_batch_applies_only_the_new_records()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        s.Incremental(a, hold, 500);
        var first = s.Take();
        await db.Store.ApplyAsync(a.Id, first);
        var entriesBefore = (await db.CountsAsync()).Entries;

        s.Clear(a, hold, 3_000);
        s.Refund(a, 250);
        var overlapping = first.Skip(1).Concat(s.Take()).ToList();
        var position = await db.Store.ApplyAsync(a.Id, overlapping);

        Assert.Equal(overlapping[^1].Seq, position);
        Assert.Equal(entriesBefore + 2, (await db.CountsAsync()).Entries);
        await AssertBalanceAsync(a);
        Assert.Equal(["account_credited", "authorization", "incremental_authorization", "clearing", "refund"], await db.EntryKindsAsync(a.Id));
        Assert.Empty(await db.Verifier.VerifyAsync());
    }

    [PostgresFact]
    public async Task A_record_repeated_inside_a_batch_is_applied_once()
    {
        var (s, a) = Start();
        s.Credit(a, 1_000);
        var batch = s.Take();
        var repeated = batch.Concat(batch).ToList();

        await db.Store.ApplyAsync(a.Id, repeated);

        await AssertBalanceAsync(a);
        Assert.Equal(11_000, (await db.Queries.GetBalanceAsync(a.Id))!.Posted);
    }

    [PostgresFact]
    public async Task Concurrent_appliers_of_one_consumer_apply_each_record_once()
    {
        var (s, a) = Start();
        for (var i = 0; i < 50; i++)
        {
            var hold = s.Authorize(a, 10 + i);
            s.Clear(a, hold, 10 + i);
        }

        var batch = s.Take();
        var positions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => db.Store.ApplyAsync(a.Id, batch))));

        Assert.All(positions, p => Assert.Equal(batch[^1].Seq, p));
        await AssertBalanceAsync(a);
        Assert.Equal(101, (await db.EntryKindsAsync(a.Id)).Count);
        Assert.Empty(await db.Verifier.VerifyAsync());
    }

    [PostgresFact]
    public async Task The_journal_refuses_a_seq_twice_even_for_another_consumer()
    {
        var (s, a) = Start();
        var batch = s.Take();
        await db.Store.ApplyAsync(a.Id, batch);
        var before = await db.CountsAsync();

        // Two consumer names over one ledger would double money; the entry's seq is unique at the database.
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Store.ApplyAsync(a.Id + "_other", batch));

        Assert.Equal("23505", error.SqlState);
        Assert.Equal(before, await db.CountsAsync());
        Assert.Equal(0, await db.Store.PositionAsync(a.Id + "_other"));
    }

    [PostgresFact]
    public async Task A_transfer_changed_by_another_writer_while_a_batch_applies_fails_the_batch()
    {
        var (s, a) = Start();
        var hold = s.Authorize(a, 2_500);
        await db.Store.ApplyAsync(a.Id, s.Take());
        s.Clear(a, hold, 2_500);
        var clearing = s.Take();
        var before = await db.CountsAsync();

        // Another writer holds the transfer's row; the batch reads it (reads do not wait), then waits to update it.
        await using var other = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand($"SELECT 1 FROM ledger.pending_transfers WHERE hold_id = {hold} FOR UPDATE", other, transaction))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        var apply = Task.Run(() => db.Store.ApplyAsync(a.Id, clearing));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE ledger.pending_transfers%'") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the batch never reached its update");
            await Task.Delay(20);
        }

        await using (var change = new Npgsql.NpgsqlCommand($"UPDATE ledger.pending_transfers SET updated_seq = updated_seq + 1 WHERE hold_id = {hold}", other, transaction))
        {
            await change.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => apply);
        Assert.Contains("changed while this batch was applied", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await db.CountsAsync());
        Assert.Equal(clearing[0].Seq - 1, await db.Store.PositionAsync(a.Id));
    }

    [PostgresFact]
    public async Task A_record_whose_envelope_names_another_seq_is_refused()
    {
        var (s, a) = Start();
        var batch = s.Take();
        var wrong = new List<(long Seq, byte[] Record)> { (batch[0].Seq + 1_000_000, batch[0].Record) };

        await Assert.ThrowsAsync<InvalidDataException>(() => db.Store.ApplyAsync(a.Id, wrong));
        Assert.Equal(0, await db.Store.PositionAsync(a.Id));
    }

    private (LogScript Script, ModelAccount Account) Start()
    {
        var s = new LogScript(db.NextSeq);
        var a = s.Open(db.NewAccountId());
        s.Credit(a, 10_000);
        return (s, a);
    }

    private async Task AssertBalanceAsync(ModelAccount a)
    {
        var balance = await db.Queries.GetBalanceAsync(a.Id);
        Assert.Equal((a.Posted, a.Held), (balance!.Posted, balance.Pending));
    }
}
