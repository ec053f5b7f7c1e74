using Baas.Compliance.Screening.Matching;

namespace Baas.Compliance.Screening.Http;

/// <summary>The body of a <c>POST /v1/screening</c> answer (and of <c>baas screen --json</c>).</summary>
/// <param name="ListVersion">The version of the list screened against.</param>
/// <param name="Threshold">The threshold applied.</param>
/// <param name="Hits">Hits at or above the threshold, best first.</param>
public sealed record ScreeningResponse(string ListVersion, double Threshold, IReadOnlyList<ScreeningHitResponse> Hits)
{
    /// <summary>The response for a screening result.</summary>
    public static ScreeningResponse From(ScreeningResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ScreeningResponse(result.ListVersion, result.Threshold, [.. result.Hits.Select(ScreeningHitResponse.From)]);
    }
}

/// <summary>One hit as JSON.</summary>
/// <param name="EntryId">The entry's id on its list.</param>
/// <param name="List">The list (<c>ofac-sdn</c>, <c>ofac-consolidated</c>, <c>un-consolidated</c>).</param>
/// <param name="Name">The entry's primary name as written on the list.</param>
/// <param name="MatchedName">The name or alias that matched, as written on the list.</param>
/// <param name="MatchedNameKind">primary, aka, fka, nka, weak aka, original script.</param>
/// <param name="Type">individual, entity, vessel, aircraft.</param>
/// <param name="Score">Final score, 0-1.</param>
/// <param name="NameScore">Name similarity before evidence.</param>
/// <param name="Programs">The entry's sanctions programmes.</param>
/// <param name="MatchedIdentifier">The identifier that matched exactly, as written on the list.</param>
/// <param name="Tokens">Token pairs of the best alignment.</param>
/// <param name="Reasons">Why it is a hit.</param>
public sealed record ScreeningHitResponse(
    string EntryId,
    string List,
    string Name,
    string MatchedName,
    string MatchedNameKind,
    string Type,
    double Score,
    double NameScore,
    IReadOnlyList<string> Programs,
    string? MatchedIdentifier,
    IReadOnlyList<TokenMatch> Tokens,
    IReadOnlyList<string> Reasons)
{
    /// <summary>The JSON form of a hit.</summary>
    public static ScreeningHitResponse From(ScreeningHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new ScreeningHitResponse(
            hit.EntryId,
            hit.List,
            hit.Name,
            hit.MatchedName.Text,
            hit.MatchedName.KindLabel,
            Evidence.Label(hit.Entry.Type),
            hit.Score,
            hit.NameScore,
            hit.Entry.Programs,
            hit.MatchedIdentifier?.ToString(),
            hit.Tokens,
            hit.Reasons);
    }
}

/// <summary>The body of <c>GET /v1/screening/list</c>: which lists are loaded.</summary>
/// <param name="ListVersion">The version.</param>
/// <param name="LoadedAt">When it was loaded.</param>
/// <param name="Entries">Entries over all lists.</param>
/// <param name="Names">Names indexed.</param>
/// <param name="Sources">Per list: files and counts.</param>
public sealed record ScreeningListResponse(string ListVersion, DateTimeOffset LoadedAt, int Entries, int Names, IReadOnlyList<Lists.ListSource> Sources);
