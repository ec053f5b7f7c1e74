using System.Net.Http.Headers;
using System.Text.Json;

namespace Baas.SwitchSim;

/// <summary>Loads a card file into the authorizer through <c>POST /v1/import</c>.</summary>
public static class Provisioner
{
    /// <summary>Posts the file; returns (imported, failed lines that are not "already exists", message).</summary>
    public static async Task<(int Imported, int Failed, string Body)> ProvisionAsync(string http, string key, string path, CancellationToken cancellation = default)
    {
        using var client = new HttpClient { BaseAddress = new Uri(http), Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        await using var stream = File.OpenRead(path);
        using var content = new StreamContent(stream, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(new Uri("/v1/import", UriKind.Relative), content, cancellation);
        }
        catch (HttpRequestException e)
        {
            return (0, -1, $"cannot reach the authorizer at {http}: {e.Message}");
        }

        using var _ = response;
        var body = await response.Content.ReadAsStringAsync(cancellation);
        if (!response.IsSuccessStatusCode)
        {
            return (0, -1, $"{(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }

        using var doc = JsonDocument.Parse(body);
        var imported = doc.RootElement.GetProperty("imported").GetInt32();
        var failed = doc.RootElement.GetProperty("failed").GetInt32();
        var existing = doc.RootElement.GetProperty("errors").EnumerateArray().Count(e => e.GetProperty("message").GetString()?.Contains("exist", StringComparison.Ordinal) == true);
        return (imported, failed - Math.Min(failed, existing), body);
    }
}
