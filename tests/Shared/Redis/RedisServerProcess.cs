using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Baas.Testing;

/// <summary>
/// A redis-server of the test's own, on a free port with a temp directory, that the test may kill and
/// start again on the same port and directory (the restart and pause tests must not disturb the shared one).
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string[] _arguments;
    private Process? _process;

    private RedisServerProcess(string binary, string directory, int port, string[] arguments)
    {
        _binary = binary;
        Directory = directory;
        Port = port;
        _arguments = arguments;
    }

    public int Port { get; }

    public string Directory { get; }

    public string EndPoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServerProcess> StartAsync(params string[] arguments)
    {
        var binary = RedisTestEnvironment.RequireRedisServerBinary();
        var directory = Path.Combine(Path.GetTempPath(), "baas-redis-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var server = new RedisServerProcess(binary, directory, FreePort(), arguments);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same port and directory and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(_binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", Directory, "--save", string.Empty, "--daemonize", "no", "--logfile", "redis.log", .. _arguments])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await AnswersAsync())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                var log = Path.Combine(Directory, "redis.log");
                Assert.Fail($"redis-server on port {Port} is not answering: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "no log")}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL: no shutdown, no save; what is on disk is what the AOF already had.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return default;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);

            // +PONG, or -NOAUTH when a password is set: either way the server is up. -LOADING means not yet.
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            return read > 0 && !reply.StartsWith("-LOADING", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
