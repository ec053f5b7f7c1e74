using System.CommandLine;
using System.Net.Http.Headers;

namespace Baas.Host.Cli;

/// <summary><c>baas clearing import FILE</c>: posts a clearing file (JSON Lines) to a running authorizer.</summary>
internal static class ClearingCommand
{
    public static Command Create()
    {
        var clearing = new Command("clearing", "Clearing files.");
        var file = new Argument<FileInfo>("file") { Description = "JSON Lines: reference, cardToken, amount, currency, rrn or approvalCode or holdId, mcc, merchant, final, type." };
        var http = new Option<string>("--http") { Description = "The authorizer's HTTP address.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var key = new Option<string?>("--key") { Description = "Administrator key (default BAAS_ADMIN_KEY, or admin.key under --data)." };
        var data = new Option<string>("--data") { Description = "Data directory (to find admin.key).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BAAS_DATA") ?? ".baas/data" };
        var import = new Command("import", "Post a clearing file and print what each record did.") { file, http, key, data };
        import.SetAction(async (r, cancellation) =>
        {
            var path = r.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName} does not exist");
                return 2;
            }

            var admin = r.GetValue(key) ?? Environment.GetEnvironmentVariable("BAAS_ADMIN_KEY");
            var keyFile = Path.Combine(r.GetValue(data)!, "admin.key");
            if (admin is null && File.Exists(keyFile))
            {
                admin = (await File.ReadAllTextAsync(keyFile, cancellation)).Trim();
            }

            using var client = new HttpClient { BaseAddress = new Uri(r.GetValue(http)!) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin ?? "");
            await using var stream = path.OpenRead();
            using var content = new StreamContent(stream);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await client.PostAsync(new Uri("/v1/clearing", UriKind.Relative), content, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            Console.WriteLine(body);
            return response.IsSuccessStatusCode ? 0 : 1;
        });
        clearing.Subcommands.Add(import);
        return clearing;
    }
}
