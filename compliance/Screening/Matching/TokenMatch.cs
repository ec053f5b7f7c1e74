namespace Baas.Compliance.Screening.Matching;

/// <summary>
/// One pair of the best token alignment between a screened name and a list name, as folded spellings; a token
/// left without a partner has a null on the other side and score 0.
/// </summary>
/// <param name="Query">The screened name's token, or null for an entry token left over.</param>
/// <param name="Entry">The list name's token, or null for a query token left over.</param>
/// <param name="Score">Jaro-Winkler similarity of the pair (1 for a transliteration variant or an exact match).</param>
/// <param name="Note">"transliteration", "initial", or null.</param>
public sealed record TokenMatch(string? Query, string? Entry, double Score, string? Note);
