using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Baas.Events;

namespace Baas.Authorizer.Tests.Harness;

/// <summary>
/// The real <c>baas</c> executable (copied next to the tests by the project reference to Baas.Host) running the
/// authorizer in its own process, on loopback ports: for tests that kill it (SIGKILL) or stop it (SIGTERM).
/// </summary>
public sealed class BaasServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BaasServerProcess(Process process, string dataDirectory, int isoPort, int httpPort)
    {
        _process = process;
        DataDirectory = dataDirectory;
        IsoPort = isoPort;
        HttpPort = httpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(20) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAuthorizer.AdminKey);
    }

    public string DataDirectory { get; }

    public int IsoPort { get; }

    public int HttpPort { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
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

    /// <summary>The apphost, or baas.dll to run with dotnet when there is none.</summary>
    public static string Executable
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            var apphost = Path.Combine(dir, OperatingSystem.IsWindows() ? "baas.exe" : "baas");
            return File.Exists(apphost) ? apphost : Path.Combine(dir, "baas.dll");
        }
    }

    /// <summary>Starts <c>baas run --components authorizer</c> on <paramref name="dataDirectory"/> and waits until it answers.</summary>
    public static Task<BaasServerProcess> StartAsync(string dataDirectory, int checkpointSeconds = 60, params string[] extraArguments) =>
        StartComponentsAsync("authorizer", dataDirectory, checkpointSeconds, extraArguments);

    /// <summary>Starts <c>baas run --components <paramref name="components"/></c> (the authorizer among them) and waits until it answers.</summary>
    public static async Task<BaasServerProcess> StartComponentsAsync(string components, string dataDirectory, int checkpointSeconds = 60, params string[] extraArguments)
    {
        var isoPort = Ports.Free();
        var httpPort = Ports.Free();
        var start = StartInfo(
        [
            "run", "--components", components, "--data", dataDirectory,
            "--iso-listen", $"127.0.0.1:{isoPort}", "--http-listen", $"127.0.0.1:{httpPort}",
            "--admin-key", TestAuthorizer.AdminKey, "--pan-key", TestAuthorizer.PanKey,
            "--state-size", "small", "--checkpoint-seconds", checkpointSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. extraArguments,
        ]);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new BaasServerProcess(process, dataDirectory, isoPort, httpPort);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start baas");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitReadyAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>Runs a short baas command (log tail, log verify) to completion.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("could not start baas");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"baas {string.Join(' ', args)} did not finish in {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A crash: SIGKILL, no chance to flush or checkpoint.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A graceful stop: SIGTERM; returns the exit code, or null when it did not exit in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout) ? _process.ExitCode : null;
    }

    public async Task<IsoTestClient> ConnectAsync() => await IsoTestClient.ConnectAsync(IsoPort);

    public async Task CreateProgramAsync(string id, params string[] bins) =>
        await Ensure(await Http.PostAsJsonAsync("/v1/programs", new { id, name = "Program " + id, bins }));

    public async Task CreateAccountAsync(string id, string programId, long balance = 0, long overdraft = 0)
    {
        await Ensure(await Http.PostAsJsonAsync("/v1/accounts", new { id, programId, currency = "USD", overdraftLimit = overdraft }));
        if (balance > 0)
        {
            await Ensure(await Http.PostAsJsonAsync($"/v1/accounts/{id}/credits", new { amount = balance, reference = "opening-" + id }));
        }
    }

    public async Task IssueCardAsync(string accountId, string pan, string expiry = "2812") =>
        await Ensure(await Http.PostAsJsonAsync("/v1/cards", new { accountId, pan, expiry, state = "active" }, EventJson.Options));

    /// <summary>Bulk import (JSON Lines: program, account, card, credit) in one request; fails unless every line was imported.</summary>
    public async Task ImportAsync(IEnumerable<object> lines)
    {
        var body = string.Join('\n', lines.Select(l => JsonSerializer.Serialize(l, EventJson.Options)));
        using var content = new StringContent(body, Encoding.UTF8, "application/x-ndjson");
        using var response = await Http.PostAsync(new Uri("/v1/import", UriKind.Relative), content);
        await Ensure(response);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (doc.RootElement.GetProperty("failed").GetInt32() != 0)
        {
            throw new InvalidOperationException("import failed: " + doc.RootElement);
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        await Ensure(response);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    /// <summary>Posted, held and available of an account.</summary>
    public async Task<(long Posted, long Held, long Available)> BalancesAsync(string accountId)
    {
        var a = await GetJsonAsync($"/v1/accounts/{accountId}");
        return (a.GetProperty("posted").GetInt64(), a.GetProperty("held").GetInt64(), a.GetProperty("available").GetInt64());
    }

    /// <summary>Head and committed sequences from /readyz.</summary>
    public async Task<(long Head, long Committed)> SeqsAsync()
    {
        var ready = await GetJsonAsync("/readyz");
        return (ready.GetProperty("head").GetInt64(), ready.GetProperty("committed").GetInt64());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        Http.Dispose();
        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var exe = Executable;
        var dll = exe.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo
        {
            FileName = dll ? "dotnet" : exe,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dll)
        {
            start.ArgumentList.Add(exe);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // The child's logs are read by the tests: plain text, no colours.
        start.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        start.Environment["NO_COLOR"] = "1";
        return start;
    }

    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"baas exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode && Output.Contains("Now listening on", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"baas was not ready after {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static async Task Ensure(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
