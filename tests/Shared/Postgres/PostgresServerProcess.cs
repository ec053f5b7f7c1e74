using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Baas.Testing;

/// <summary>
/// A PostgreSQL server of the test's own, on a throwaway data directory and a free loopback port, that the test
/// may stop (cleanly or as a crash) and start again on the same directory and port. Finds and runs the binaries
/// as <c>./baas up</c> does: <c>/usr/lib/postgresql/15/bin</c>, else the newest installed major version; when
/// the tests run as root, every server-side command runs as <c>postgres</c> (initdb refuses root).
/// </summary>
internal sealed class PostgresServerProcess : IAsyncDisposable
{
    private bool _running;

    private PostgresServerProcess(string binDirectory, string directory, int port)
    {
        BinDirectory = binDirectory;
        Directory = directory;
        Port = port;
    }

    /// <summary>The directory of pg_ctl and initdb, or null when PostgreSQL is not installed.</summary>
    public static string? InstalledBinDirectory { get; } = FindBinDirectory();

    /// <summary>True when the tests run as root: initdb refuses root, so the server runs as <c>postgres</c>.</summary>
    private static bool AsRoot { get; } = IsRoot();

    public string BinDirectory { get; }

    /// <summary>The temp directory: the data directory, the unix socket and the server log live in it.</summary>
    public string Directory { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public string LogFile => Path.Combine(Directory, "server.log");

    public int Port { get; }

    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Creates a cluster (initdb) in a new temp directory and starts it on a free port.</summary>
    public static async Task<PostgresServerProcess> CreateAsync()
    {
        var bin = InstalledBinDirectory
            ?? throw new InvalidOperationException("PostgreSQL server binaries (pg_ctl, initdb) not found under /usr/lib/postgresql/*/bin; ./baas up installs them (apt-get install postgresql).");
        var directory = Path.Combine(Path.GetTempPath(), "baas-pg-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var server = new PostgresServerProcess(bin, directory, FreePort());
        try
        {
            if (AsRoot)
            {
                await RunCheckedAsync("chown", "postgres:postgres", directory);
            }

            await server.RunAsPostgresCheckedAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C");
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>Creates <paramref name="database"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string database)
    {
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionStringFor(database);
    }

    /// <summary>Starts the server (again) on the same directory and port; returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        var options = string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k {Directory} -c listen_addresses=127.0.0.1 -c fsync=on");
        var (exitCode, output) = await RunAsPostgresAsync("pg_ctl", "start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "30", "-o", options);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl start failed ({exitCode}): {output}\n{ReadLog()}");
        }

        _running = true;
    }

    /// <summary>
    /// Stops the server: <c>-m fast</c> (clients are disconnected, a shutdown checkpoint is written) or, with
    /// <paramref name="immediate"/>, <c>-m immediate</c>, a crash: no checkpoint, recovery from the WAL at the next start.
    /// </summary>
    public async Task StopAsync(bool immediate)
    {
        var (exitCode, output) = await RunAsPostgresAsync("pg_ctl", "stop", "-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "30");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl stop failed ({exitCode}): {output}\n{ReadLog()}");
        }

        _running = false;
    }

    public async ValueTask DisposeAsync()
    {
        // Also after a start that timed out: a postmaster may be up without pg_ctl having seen it ready.
        if (_running || File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsPostgresAsync("pg_ctl", "stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30");
            _running = false;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)";
        }
        catch (IOException e)
        {
            return "(server log unreadable: " + e.Message + ")";
        }
    }

    private async Task RunAsPostgresCheckedAsync(string tool, params string[] arguments)
    {
        var (exitCode, output) = await RunAsPostgresAsync(tool, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({exitCode}): {output}");
        }
    }

    /// <summary>Runs a PostgreSQL tool, as <c>postgres</c> when root; from / because the caller's directory may be closed to postgres.</summary>
    private Task<(int ExitCode, string Output)> RunAsPostgresAsync(string tool, params string[] arguments) =>
        AsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, tool), .. arguments])
            : RunAsync(Path.Combine(BinDirectory, tool), arguments);

    private static async Task RunCheckedAsync(string executable, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(executable, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{executable} failed ({exitCode}): {output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string executable, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish in 60 s");
        }

        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static string? FindBinDirectory()
    {
        static bool Has(string dir) => File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb"));
        const string Preferred = "/usr/lib/postgresql/15/bin";
        if (Has(Preferred))
        {
            return Preferred;
        }

        if (!System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
            return null;
        }

        // Newest installed major version first.
        return System.IO.Directory.GetDirectories("/usr/lib/postgresql")
            .Select(major => (Version: decimal.TryParse(Path.GetFileName(major), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1, Bin: Path.Combine(major, "bin")))
            .Where(c => c.Version >= 0 && Has(c.Bin))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Bin)
            .FirstOrDefault();
    }

    private static bool IsRoot()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        if (Environment.UserName == "root")
        {
            return true;
        }

        try
        {
            using var id = Process.Start(new ProcessStartInfo("id", "-u") { UseShellExecute = false, RedirectStandardOutput = true })!;
            var uid = id.StandardOutput.ReadToEnd().Trim();
            id.WaitForExit();
            return uid == "0";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
