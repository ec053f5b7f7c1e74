namespace Baas.Ledger.Tests;

/// <summary>Migrations apply once, in order, from any number of starters at once, and are recorded.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void Migrations_are_embedded_in_version_order()
    {
        var migrations = LedgerMigrator.Migrations;

        Assert.NotEmpty(migrations);
        Assert.Equal("0001_ledger", migrations[0].Name);
        Assert.Equal(migrations.Select(m => m.Version).Order(), migrations.Select(m => m.Version));
        Assert.All(migrations, m => Assert.Equal(64, m.Checksum.Length));
    }

    [PostgresFact]
    public async Task Migrating_twice_applies_each_migration_once()
    {
        await using var db = await LedgerDatabase.CreateAsync(migrate: false);

        var first = await LedgerMigrator.MigrateAsync(db.DataSource);
        var second = await LedgerMigrator.MigrateAsync(db.DataSource);

        Assert.Equal(LedgerMigrator.Migrations.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(LedgerMigrator.Migrations.Count, (int)await db.ScalarAsync<long>("SELECT count(*) FROM ledger.schema_migrations"));
    }

    [PostgresFact]
    public async Task Concurrent_starters_wait_for_each_other_and_apply_once()
    {
        await using var db = await LedgerDatabase.CreateAsync(migrate: false);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => LedgerMigrator.MigrateAsync(db.DataSource))));

        Assert.Equal(LedgerMigrator.Migrations.Count, results.Sum(r => r.Count));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ledger.journal_entries"));
    }

    [PostgresFact]
    public async Task A_migration_edited_after_it_was_applied_is_refused()
    {
        await using var db = await LedgerDatabase.CreateAsync();
        await db.ExecuteAsync("UPDATE ledger.schema_migrations SET checksum = 'edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LedgerMigrator.MigrateAsync(db.DataSource));

        Assert.Contains("0001_ledger", error.Message, StringComparison.Ordinal);
    }
}
