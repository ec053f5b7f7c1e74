using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Baas.Iso8583;
using Baas.Iso8583.Framing;
using Baas.Iso8583.Specs;
using Baas.Iso8583.Subfields;

namespace Baas.Host.Cli;

/// <summary>
/// <c>baas compliance scenario</c>: the demo's scripted suspicious patterns. Opens a small "watch" program and
/// drives, through the management API and real ISO 8583 authorizations, structuring under the CTR threshold,
/// card testing, a purchase in a high-risk jurisdiction, rapid movement of funds and a customer on the
/// sanctions list; waits for compliance to consume the log; prints the alerts, cases and filings they raised;
/// drafts and files a SAR and a CTR. Exits 1 when a pattern raised nothing.
/// </summary>
internal static class ComplianceScenario
{
    private static readonly string[] WatchBins = ["490001"];

    private static readonly string[] Expected = ["structuring", "card_testing", "high_risk_jurisdiction", "rapid_movement", "sanctions_match"];

    public static Command Create()
    {
        var http = new Option<string>("--http") { Description = "The authorizer's management API.", Required = true };
        var compliance = new Option<string?>("--compliance") { Description = "The compliance component's API (default: --http, both in one process)." };
        var key = new Option<string>("--key") { Description = "The administrator's bearer key.", Required = true };
        var iso = new Option<string>("--iso") { Description = "The authorizer's ISO 8583 listener, host:port (ascii profile, binary2 framing).", Required = true };
        var seconds = new Option<int>("--seconds") { Description = "How long to wait for compliance to consume the log.", DefaultValueFactory = _ => 120 };
        var command = new Command("scenario", "Drive scripted suspicious patterns through the authorizer and show what compliance raised (the demo's compliance part).") { http, compliance, key, iso, seconds };
        command.SetAction(async (r, cancellation) =>
        {
            var authorizer = Client(r.GetValue(http)!, r.GetValue(key)!);
            var complianceApi = Client(r.GetValue(compliance) ?? r.GetValue(http)!, r.GetValue(key)!);
            try
            {
                return await RunAsync(authorizer, complianceApi, r.GetValue(iso)!, TimeSpan.FromSeconds(r.GetValue(seconds)), cancellation);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or SocketException or InvalidOperationException or TimeoutException)
            {
                await Console.Error.WriteLineAsync("compliance scenario: " + e.Message);
                return 2;
            }
        });
        return command;
    }

    internal static HttpClient Client(string url, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<int> RunAsync(HttpClient authorizer, HttpClient compliance, string iso, TimeSpan wait, CancellationToken cancellation)
    {
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        await PostAsync(authorizer, "/v1/programs", new { id = "watch", name = "Monitoring demo", bins = WatchBins }, allowConflict: true);
        string[] accounts = ["watch-struct", "watch-tester", "watch-travel", "watch-mule", "watch-listed"];
        foreach (var account in accounts)
        {
            await PostAsync(authorizer, "/v1/accounts", new { id = account, programId = "watch", currency = "USD" }, allowConflict: true);
        }

        var testerPan = Pan("490001", 11);
        var travelPan = Pan("490001", 12);
        await PostAsync(authorizer, "/v1/cards", new { accountId = "watch-tester", pan = testerPan, expiry = "3012", type = "virtual", state = "active" }, allowConflict: true);
        await PostAsync(authorizer, "/v1/cards", new { accountId = "watch-travel", pan = travelPan, expiry = "3012", type = "virtual", state = "active" }, allowConflict: true);

        Console.WriteLine("Scripted patterns on program 'watch':");
        Console.WriteLine("  structuring: cash deposits of $9,500.00 and $9,200.00 to watch-struct");
        await Credit(authorizer, "watch-struct", 950_000, $"cash-1-{run}", "cash", "US", "branch 12");
        await Credit(authorizer, "watch-struct", 920_000, $"cash-2-{run}", "cash", "US", "branch 40");

        Console.WriteLine("  card testing: six $1.00 authorizations on watch-tester's empty card");
        Console.WriteLine("  high-risk jurisdiction: a $450.00 purchase in Iran on watch-travel's card");
        await Credit(authorizer, "watch-travel", 200_000, $"pay-{run}", "ach", "US", "employer payroll");
        var codes = new List<string>();
        await using (var network = await IsoLink.ConnectAsync(iso, cancellation))
        {
            for (var i = 0; i < 6; i++)
            {
                codes.Add(await network.AuthorizeAsync(testerPan, 100, "US", $"SHOP{i}", cancellation));
            }

            codes.Add(await network.AuthorizeAsync(travelPan, 45_000, "IR", "TEHRAN BAZAAR", cancellation));
        }

        Console.WriteLine($"    responses: {string.Join(' ', codes)}");
        Console.WriteLine("  rapid movement: $12,000.00 wired in to watch-mule, $11,000.00 wired out within the hour");
        await Credit(authorizer, "watch-mule", 1_200_000, $"wire-in-{run}", "wire", "US", "Northwind Holdings");
        await Debit(authorizer, "watch-mule", 500_000, $"wire-out-1-{run}", "wire", "AE", "Contoso Trading FZE");
        await Debit(authorizer, "watch-mule", 600_000, $"wire-out-2-{run}", "wire", "AE", "Fabrikam General Trading");

        Console.WriteLine("  sanctions: customers registered for screening (one of them on the SDN list)");
        var expected = Expected.ToList();
        try
        {
            await PutAsync(compliance, "/v1/screening/subjects/cust-struct", new { kind = "customer", accountId = "watch-struct", name = "Jordan Q Public", type = "individual", dob = "1980-02-29", country = "US" });
            await PutAsync(compliance, "/v1/screening/subjects/cust-listed", new { kind = "customer", accountId = "watch-listed", name = "Elvis Angus Logan Morey", type = "individual", dob = "1963-07-28" });
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine("    skipped: " + e.Message);
            expected.Remove("sanctions_match");
        }

        // Compliance consumes the log: wait until it has everything the authorizer committed.
        using var ready = JsonDocument.Parse(await authorizer.GetStringAsync(new Uri("/readyz", UriKind.Relative), cancellation));
        var committed = ready.RootElement.GetProperty("committed").GetInt64();
        var until = DateTime.UtcNow + wait;
        long position = 0;
        while ((position = await PositionAsync(compliance, cancellation)) < committed)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"compliance reached log {position} of {committed} in {wait.TotalSeconds:0} s");
            }

            await Task.Delay(200, cancellation);
        }

        var alerts = await GetAsync(compliance, "/v1/compliance/alerts?limit=1000", "alerts");
        var cases = await GetAsync(compliance, "/v1/cases?limit=1000", "cases");
        Console.WriteLine();
        Console.WriteLine($"Compliance consumed the log to {position} ({alerts.Count} alerts, {cases.Count} cases in all):");
        Console.WriteLine($"  {"RULE",-24} {"SCORE",5}  {"ACCOUNT",-16} {"STATUS",-7} SUMMARY");
        foreach (var a in alerts.OrderBy(a => a.GetProperty("id").GetInt64()))
        {
            var summary = a.GetProperty("summary").GetString()!;
            Console.WriteLine($"  {a.GetProperty("ruleId").GetString(),-24} {a.GetProperty("score").GetInt32(),5}  {a.GetProperty("accountId").GetString(),-16} {a.GetProperty("status").GetString(),-7} {(summary.Length > 110 ? summary[..107] + "..." : summary)}");
        }

        Console.WriteLine();
        Console.WriteLine($"  {"CASE",4}  {"ACCOUNT",-16} {"RISK",4}  {"STATE",-6} {"DETECTED",-17} {"SAR DUE",-10} SAR STATUS");
        foreach (var c in cases.OrderBy(c => c.GetProperty("id").GetInt64()))
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {c.GetProperty("id").GetInt64(),4}  {c.GetProperty("accountId").GetString(),-16} {c.GetProperty("riskScore").GetInt32(),4}  {c.GetProperty("state").GetString(),-6} {c.GetProperty("detectedAt").GetDateTimeOffset():yyyy-MM-dd HH:mm} {c.GetProperty("sarDueAt").GetDateTimeOffset():yyyy-MM-dd} {c.GetProperty("sarStatus").GetString()}"));
        }

        // The analyst's side: a SAR for the structuring case, and the day's CTR, drafted and filed.
        var structCase = cases.FirstOrDefault(c => c.GetProperty("accountId").GetString() == "watch-struct");
        if (structCase.ValueKind == JsonValueKind.Object)
        {
            var id = structCase.GetProperty("id").GetInt64();
            await PostAsync(compliance, $"/v1/cases/{id}/transition", new { to = "investigating", actor = "demo-analyst" });
            var sar = await PostAsync(compliance, $"/v1/cases/{id}/sar", new { });
            var sarId = sar.GetProperty("filing").GetProperty("id").GetInt64();
            await PostAsync(compliance, $"/v1/compliance/filings/{sarId}/file", new { actor = "demo-analyst" });
            Console.WriteLine();
            Console.WriteLine($"Case {id}: SAR {sarId} drafted from its alerts ({sar.GetProperty("xml").GetString()!.Length:N0} bytes of FinCEN batch XML) and filed");
        }

        foreach (var ctr in await GetAsync(compliance, "/v1/compliance/filings?kind=ctr&state=draft", "filings"))
        {
            var id = ctr.GetProperty("id").GetInt64();
            using var response = await compliance.PostAsJsonAsync(new Uri($"/v1/compliance/filings/{id}/file", UriKind.Relative), new { actor = "demo-analyst" }, cancellation);
            var outcome = response.IsSuccessStatusCode ? "filed" : "kept as a draft: " + Error(await response.Content.ReadAsStringAsync(cancellation));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CTR {id}: {ctr.GetProperty("accountId").GetString()} cash ${ctr.GetProperty("amount").GetInt64() / 100m:N2} on {ctr.GetProperty("businessDate").GetString()}, {outcome}"));
        }

        var missing = expected.Where(rule => !alerts.Any(a => a.GetProperty("ruleId").GetString() == rule)).ToList();
        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync("compliance scenario: no alert for " + string.Join(", ", missing));
            return 1;
        }

        return 0;
    }

    private static async Task<long> PositionAsync(HttpClient compliance, CancellationToken cancellation) =>
        (long)(LedgerWatch.Value(await compliance.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellation), "baas_consumer_position_seq", "compliance") ?? 0);

    internal static Task<JsonElement> Credit(HttpClient http, string account, long amount, string reference, string method, string country, string counterparty) =>
        PostAsync(http, $"/v1/accounts/{account}/credits", new { amount, reference, method, country, counterparty });

    private static Task<JsonElement> Debit(HttpClient http, string account, long amount, string reference, string method, string country, string counterparty) =>
        PostAsync(http, $"/v1/accounts/{account}/debits", new { amount, reference, method, country, counterparty });

    internal static async Task<JsonElement> PostAsync(HttpClient http, string path, object body, bool allowConflict = false)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode && !(allowConflict && response.StatusCode == System.Net.HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {Error(text)}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task PutAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {Error(await response.Content.ReadAsStringAsync())}");
        }
    }

    private static async Task<List<JsonElement>> GetAsync(HttpClient http, string path, string property)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return [.. doc.RootElement.GetProperty(property).EnumerateArray().Select(e => e.Clone())];
    }

    internal static string Error(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error", out var e) ? (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) ? m.GetString() ?? body : e.ToString()) : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    /// <summary>A PAN in <paramref name="bin"/> with a fixed account part and a valid check digit.</summary>
    internal static string Pan(string bin, int n)
    {
        var body = bin + n.ToString("D9", CultureInfo.InvariantCulture);
        return body + Luhn.CheckDigit(body);
    }

    /// <summary>One ISO 8583 connection, one request at a time (ascii profile, two-byte binary length prefix).</summary>
    internal sealed class IsoLink : IAsyncDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;
        private readonly IsoCodec _codec = IsoCodec.For(Profiles.Ascii);
        private readonly FrameFormat _framing = FrameFormat.Parse("binary2");
        private int _stan = Random.Shared.Next(1, 900_000);

        private IsoLink(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
        }

        public static async Task<IsoLink> ConnectAsync(string endpoint, CancellationToken cancellation)
        {
            var colon = endpoint.LastIndexOf(':');
            var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(endpoint[..colon], int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture), cancellation);
            return new IsoLink(tcp);
        }

        public async Task<string> AuthorizeAsync(string pan, long amount, string country, string merchant, CancellationToken cancellation)
        {
            var stan = (++_stan % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            var m = new IsoMessage { Mti = 100 };
            m.Set(IsoField.Pan, pan);
            m.Set(IsoField.ProcessingCode, "000000");
            m.SetNumber(IsoField.AmountTransaction, amount, 12);
            m.Set(IsoField.TransmissionDateTime, DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture));
            m.Set(IsoField.Stan, stan);
            m.Set(IsoField.LocalTime, DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture));
            m.Set(IsoField.Expiry, "3012");
            m.Set(IsoField.MerchantType, "5999");
            m.Set(IsoField.PosEntryMode, "812");
            m.Set(IsoField.PosConditionCode, "59");
            m.Set(IsoField.AcquirerId, "445566");
            m.Set(IsoField.Rrn, "7000" + stan.PadLeft(8, '0'));
            m.Set(IsoField.TerminalId, "WEB00001");
            m.Set(IsoField.MerchantId, merchant.Replace(' ', '_').PadRight(15, '0')[..15]);
            var location = new byte[MerchantLocation.Length];
            MerchantLocation.Write(System.Text.Encoding.ASCII.GetBytes(merchant), "ONLINE"u8, System.Text.Encoding.ASCII.GetBytes(country), location);
            m.Set(IsoField.MerchantLocation, location);
            m.Set(IsoField.CurrencyTransaction, "840");
            var writer = new ArrayBufferWriter<byte>();
            if (!_framing.TryWrite(_codec, m, default, writer, out var error))
            {
                throw new InvalidOperationException("cannot pack the authorization: " + error);
            }

            await _stream.WriteAsync(writer.WrittenMemory, cancellation);
            var prefix = new byte[_framing.PrefixLength];
            await _stream.ReadExactlyAsync(prefix, cancellation);
            _framing.TryDecodePrefix(prefix, out var length);
            var body = new byte[length];
            await _stream.ReadExactlyAsync(body, cancellation);
            var response = new IsoMessage();
            if (!_codec.TryParse(body.AsSpan(_framing.HeaderLength), response, out var parseError))
            {
                throw new InvalidOperationException("unreadable response: " + parseError);
            }

            return response.GetString(IsoField.ResponseCode) ?? "??";
        }

        public ValueTask DisposeAsync()
        {
            _tcp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
