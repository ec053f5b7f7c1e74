using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Baas.Compliance.Screening;
using Baas.Compliance.Screening.Http;

namespace Baas.Host.Cli;

/// <summary>
/// <c>baas screen "NAME" --sanctions DIR [--json]</c>: screens one name as <c>POST /v1/screening</c> does
/// (<see cref="ScreeningCli"/>). Exit 0 clear, 1 at least one hit, 2 bad arguments or no list.
/// </summary>
internal static class ScreenCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The name to screen (quote it)." };
        var sanctions = new Option<string?>("--sanctions")
        {
            Description = "Directory holding the list files: sdn.csv and friends, cons_prim.csv and friends, UN_consolidated.xml (default BAAS_SANCTIONS).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BAAS_SANCTIONS"),
        };
        var json = new Option<bool>("--json") { Description = "Print the endpoint's JSON response (or its error body) instead of a table." };
        var type = new Option<string?>("--type") { Description = "individual, entity, vessel or aircraft." };
        var dob = new Option<string?>("--dob") { Description = "Date of birth: YYYY-MM-DD, YYYY-MM or YYYY." };
        var country = new Option<string?>("--country") { Description = "Country: ISO 3166-1 code or name." };
        var ids = new Option<string[]>("--id") { Description = "An identifier to match exactly (passport, national ID, IMO, ...); repeatable.", AllowMultipleArgumentsPerToken = false };
        var threshold = new Option<double?>("--threshold")
        {
            Description = $"Hits score at or above this, greater than 0 and at most 1 (default {ScreeningOptions.DefaultThreshold:0.00}).",
            CustomParser = ParseThreshold,
        };
        var screen = new Command("screen", "Screen a name against the sanctions lists (exit 0 clear, 1 hits, 2 error).")
        {
            name, sanctions, json, type, dob, country, ids, threshold,
        };
        screen.Action = new ScreenAction(name, sanctions, json, type, dob, country, ids, threshold);
        return screen;
    }

    /// <summary>A number in invariant culture; the range is checked by <see cref="ScreeningCli"/>, with the endpoint's message.</summary>
    private static double? ParseThreshold(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError("threshold must be a number greater than 0 and at most 1");
        return null;
    }

    /// <summary>Runs even when parsing failed, so a bad argument exits 2 (not System.CommandLine's 1, which here means a hit).</summary>
    private sealed class ScreenAction(
        Argument<string> name,
        Option<string?> sanctions,
        Option<bool> json,
        Option<string?> type,
        Option<string?> dob,
        Option<string?> country,
        Option<string[]> ids,
        Option<double?> threshold) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var asJson = parseResult.GetResult(json) is not null && !parseResult.Errors.Any(e => e.SymbolResult is OptionResult o && o.Option == json) && parseResult.GetValue(json);
            if (parseResult.Errors.Count > 0)
            {
                var first = parseResult.Errors[0];
                return Fail(new ScreeningError(FieldOf(first.SymbolResult), first.Message), asJson, output, error);
            }

            // Clearing parse errors clears "unrecognized argument" too; a stray token must not be screened past.
            if (parseResult.UnmatchedTokens.Count > 0)
            {
                return Fail(new ScreeningError(null, $"unrecognized argument(s): {string.Join(' ', parseResult.UnmatchedTokens)}"), asJson, output, error);
            }

            var directory = parseResult.GetValue(sanctions);
            if (string.IsNullOrWhiteSpace(directory))
            {
                return Fail(new ScreeningError("sanctions", "no list directory: give --sanctions DIR or set BAAS_SANCTIONS"), asJson, output, error);
            }

            return ScreeningCli.Run(
                parseResult.GetValue(name)!,
                directory,
                asJson,
                output,
                parseResult.GetValue(type),
                parseResult.GetValue(dob),
                parseResult.GetValue(country),
                parseResult.GetValue(ids),
                parseResult.GetValue(threshold),
                error);
        }

        /// <summary>The field an error names, as the endpoint names it: <c>threshold</c>, <c>dob</c>, <c>name</c>; null for the command line as a whole.</summary>
        private static string? FieldOf(SymbolResult? symbol) => symbol switch
        {
            OptionResult o => o.Option.Name.TrimStart('-'),
            ArgumentResult { Parent: OptionResult o } => o.Option.Name.TrimStart('-'),
            ArgumentResult a => a.Argument.Name,
            _ => null,
        };

        private static int Fail(ScreeningError problem, bool asJson, TextWriter output, TextWriter error)
        {
            if (asJson)
            {
                output.WriteLine(JsonSerializer.Serialize(new ScreeningErrorResponse(problem), ScreeningJson.Context.ScreeningErrorResponse));
            }
            else
            {
                error.WriteLine(problem.Field is null ? $"error: {problem.Message}" : $"error: {problem.Field}: {problem.Message}");
            }

            return ScreeningCli.ExitError;
        }
    }
}
