using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Baas.Authorizer.Tests.Harness;

namespace Baas.Ops.Tests;

/// <summary>
/// The real Prometheus on a free loopback port, with a throwaway TSDB and configuration in a temporary directory that
/// is deleted when it stops.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _output = new();

    private PrometheusServer(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    /// <summary>What Prometheus logged so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Writes <paramref name="config"/> and starts Prometheus on it; returns once /-/ready answers.</summary>
    public static async Task<PrometheusServer> StartAsync(string config, TimeSpan timeout)
    {
        var directory = Directory.CreateTempSubdirectory("baas-prometheus-");
        PrometheusServer? server = null;
        try
        {
            var configFile = Path.Combine(directory.FullName, "prometheus.yml");
            await File.WriteAllTextAsync(configFile, config);
            var port = Ports.Free();
            var start = new ProcessStartInfo(Tools.Prometheus)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory.FullName,
            };
            foreach (var arg in new[]
            {
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + Path.Combine(directory.FullName, "data"),
                $"--web.listen-address=127.0.0.1:{port}",
                "--storage.tsdb.retention.time=1h",
                "--log.level=warn",
            })
            {
                start.ArgumentList.Add(arg);
            }

            var process = new Process { StartInfo = start };
            server = new PrometheusServer(process, directory, port);
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            if (!process.Start())
            {
                throw new InvalidOperationException("could not start " + Tools.Prometheus);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitReadyAsync(timeout);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else
            {
                directory.Delete(recursive: true);
            }

            throw;
        }
    }

    /// <summary>An instant query through /api/v1/query: each series' labels and value (NaN and ±Inf included).</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string expr)
    {
        var uri = new Uri("/api/v1/query?query=" + Uri.EscapeDataString(expr), UriKind.Relative);
        using var response = await Http.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"query {expr} answered {(int)response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        return [.. data.GetProperty("result").EnumerateArray().Select(r => (
            (IReadOnlyDictionary<string, string>)r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
            ParseValue(r.GetProperty("value")[1].GetString()!)))];
    }

    /// <summary>A sample value or an <c>le</c> bound as Prometheus writes it: a float, <c>NaN</c>, <c>+Inf</c> or <c>-Inf</c>.</summary>
    public static double ParseValue(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>The loaded rules (/api/v1/rules): name, health and last error of each.</summary>
    public async Task<IReadOnlyList<(string Name, string Health, string? Error)>> RulesAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/api/v1/rules", UriKind.Relative)));
        return [.. doc.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => (
                r.GetProperty("name").GetString()!,
                r.GetProperty("health").GetString()!,
                r.TryGetProperty("lastError", out var e) ? e.GetString() : null))];
    }

    /// <summary>The scrape targets' health and last error (/api/v1/targets).</summary>
    public async Task<string> TargetsAsync() => await Http.GetStringAsync(new Uri("/api/v1/targets", UriKind.Relative));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                // A throwaway TSDB needs no graceful shutdown.
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped within the wait; the directory goes anyway.
        }
        finally
        {
            _process.Dispose();
            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/-/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"prometheus was not ready after {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
