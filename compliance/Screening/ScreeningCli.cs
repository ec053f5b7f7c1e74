using System.Globalization;
using System.Text.Json;
using Baas.Compliance.Screening.Http;
using Baas.Compliance.Screening.Lists;
using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Screening;

/// <summary>
/// <c>baas screen "NAME" --sanctions DIR [--json]</c>: loads the lists, screens one name and prints the hits as a
/// table, or as the same JSON as <c>POST /v1/screening</c>. Exit code <see cref="ExitClear"/> (no hit),
/// <see cref="ExitHits"/> (at least one hit) or <see cref="ExitError"/> (bad input or no list).
/// </summary>
public static class ScreeningCli
{
    /// <summary>Screened; nothing at or above the threshold.</summary>
    public const int ExitClear = 0;

    /// <summary>Screened; at least one hit.</summary>
    public const int ExitHits = 1;

    /// <summary>Bad arguments, or the lists could not be loaded.</summary>
    public const int ExitError = 2;

    private static readonly JsonSerializerOptions Indented = new(ScreeningJson.Context.Options) { WriteIndented = true };

    /// <summary>Screens <paramref name="name"/> against the lists in <paramref name="sanctionsDir"/> and prints the outcome.</summary>
    /// <param name="name">The name to screen.</param>
    /// <param name="sanctionsDir">Directory holding the list files.</param>
    /// <param name="json">Print JSON (the endpoint's response, or its error body) instead of a table.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="type">individual, entity, vessel or aircraft.</param>
    /// <param name="dob">Date of birth, YYYY-MM-DD, YYYY-MM or YYYY.</param>
    /// <param name="country">Country code or name.</param>
    /// <param name="ids">Identifiers to match exactly.</param>
    /// <param name="threshold">Threshold; <see cref="ScreeningOptions.DefaultThreshold"/> when null.</param>
    /// <param name="error">Where errors go in table mode (defaults to <paramref name="output"/>).</param>
    public static int Run(
        string name,
        string sanctionsDir,
        bool json,
        TextWriter output,
        string? type = null,
        string? dob = null,
        string? country = null,
        IReadOnlyList<string>? ids = null,
        double? threshold = null,
        TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        error ??= output;
        var request = new ScreeningRequest(name, type, dob, country, ids);
        if (!request.TryCreateQuery(out var query, out var problem))
        {
            return Fail(problem!, json, output, error);
        }

        if (threshold is { } t && t is not (> 0 and <= 1))
        {
            return Fail(new ScreeningError("threshold", "threshold must be greater than 0 and at most 1"), json, output, error);
        }

        SanctionsList list;
        try
        {
            list = SanctionsList.Load(sanctionsDir);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or System.Xml.XmlException)
        {
            return Fail(new ScreeningError("sanctions", e.Message), json, output, error);
        }

        var result = list.Screen(query!, threshold ?? ScreeningOptions.DefaultThreshold);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(ScreeningResponse.From(result), Indented.GetTypeInfo(typeof(ScreeningResponse))));
        }
        else
        {
            WriteTable(query!, list, result, output);
        }

        return result.Hits.Count > 0 ? ExitHits : ExitClear;
    }

    /// <summary>Writes hits as a plain-text table with each hit's reasons under it.</summary>
    public static void WriteTable(ScreeningQuery query, SanctionsList list, ScreeningResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var entries = list.Entries.Count.ToString("N0", CultureInfo.InvariantCulture);
        output.WriteLine($"Screened \"{query.Name}\" against {entries} entries ({string.Join(", ", list.Sources.Select(s => s.List))}), list version {result.ListVersion}");
        if (result.Hits.Count == 0)
        {
            output.WriteLine($"No hits at or above {result.Threshold:0.00}.");
            return;
        }

        output.WriteLine($"{result.Hits.Count} hit{(result.Hits.Count == 1 ? "" : "s")} at or above {result.Threshold:0.00}:");
        output.WriteLine();
        var rows = result.Hits.Select(h => new[]
        {
            h.Score.ToString("0.000", CultureInfo.InvariantCulture),
            h.List,
            h.EntryId,
            Evidence.Label(h.Entry.Type),
            Clip(h.Name, 40),
            Clip($"{h.MatchedName.Text} ({h.MatchedName.KindLabel})", 50),
        }).ToList();
        string[] header = ["SCORE", "LIST", "ENTRY", "TYPE", "NAME", "MATCHED NAME"];
        var widths = header.Select((hd, i) => Math.Max(hd.Length, rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Row(header, widths));
        for (var i = 0; i < rows.Count; i++)
        {
            output.WriteLine(Row(rows[i], widths));
            foreach (var reason in result.Hits[i].Reasons)
            {
                output.WriteLine($"    - {reason}");
            }
        }
    }

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";

    private static int Fail(ScreeningError problem, bool json, TextWriter output, TextWriter error)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new ScreeningErrorResponse(problem), ScreeningJson.Context.ScreeningErrorResponse));
        }
        else
        {
            error.WriteLine(problem.Field is null ? $"error: {problem.Message}" : $"error: {problem.Field}: {problem.Message}");
        }

        return ExitError;
    }
}
