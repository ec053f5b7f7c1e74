using System.CommandLine;
using System.Text.Json;

namespace Baas.Host.Cli;

/// <summary><c>baas payments cutoff --rail ach</c> (close the ACH window now and write its file) and <c>baas payments scenario</c> (the demo's payments part).</summary>
internal static class PaymentsCommands
{
    public static Command Create()
    {
        var payments = new Command("payments", "Payment rails tools.");
        var rail = new Option<string>("--rail") { Description = "ach (every waiting ACH payment) or ach_same_day.", Required = true };
        var http = new Option<string>("--http") { Description = "The payments component's API (or BAAS_HTTP).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BAAS_HTTP") ?? "http://127.0.0.1:8080" };
        var key = new Option<string?>("--key") { Description = "The administrator's bearer key (or BAAS_ADMIN_KEY, or {data}/admin.key)." };
        var data = new Option<string>("--data") { Description = "The data directory holding admin.key.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BAAS_DATA") ?? ".baas/data" };
        var cutoff = new Command("cutoff", "Close the current ACH window now: every waiting ACH payment goes into one NACHA file in the outbox.") { rail, http, key, data };
        cutoff.SetAction(async (r, cancellation) =>
        {
            var adminKey = r.GetValue(key) ?? Environment.GetEnvironmentVariable("BAAS_ADMIN_KEY")
                ?? (File.Exists(Path.Combine(r.GetValue(data)!, "admin.key")) ? (await File.ReadAllTextAsync(Path.Combine(r.GetValue(data)!, "admin.key"), cancellation)).Trim() : null);
            if (adminKey is null)
            {
                await Console.Error.WriteLineAsync("payments cutoff: no administrator key (--key, BAAS_ADMIN_KEY, or admin.key under --data)");
                return 2;
            }

            using var client = ComplianceScenario.Client(r.GetValue(http)!, adminKey);
            try
            {
                using var response = await client.PostAsync(new Uri($"/v1/payments/cutoff?rail={Uri.EscapeDataString(r.GetValue(rail)!)}", UriKind.Relative), null, cancellation);
                var body = await response.Content.ReadAsStringAsync(cancellation);
                if (!response.IsSuccessStatusCode)
                {
                    await Console.Error.WriteLineAsync($"payments cutoff: {(int)response.StatusCode} {ComplianceScenario.Error(body)}");
                    return 1;
                }

                using var doc = JsonDocument.Parse(body);
                var file = doc.RootElement.GetProperty("file");
                Console.WriteLine(file.ValueKind == JsonValueKind.Null
                    ? "payments cutoff: no ACH payment was waiting; no file written"
                    : $"payments cutoff: wrote {file.GetString()} with {doc.RootElement.GetProperty("entries").GetInt32()} entries, {doc.RootElement.GetProperty("total").GetInt64() / 100m:#,0.00} USD");
                return 0;
            }
            catch (HttpRequestException e)
            {
                await Console.Error.WriteLineAsync($"payments cutoff: {r.GetValue(http)} did not answer: {e.Message}");
                return 2;
            }
        });
        payments.Subcommands.Add(cutoff);
        payments.Subcommands.Add(PaymentsScenario.Create());
        return payments;
    }
}
