namespace Baas.Compliance.Screening.Lists;

/// <summary>One list as loaded from its files, with counts and what could not be attached.</summary>
/// <param name="List">The list's name (<see cref="ListNames"/>).</param>
/// <param name="Files">The files read, full paths.</param>
/// <param name="Entries">Entries loaded.</param>
/// <param name="Names">Names indexed, primary names and aliases (weak ones included).</param>
/// <param name="Addresses">Addresses attached.</param>
/// <param name="Identifiers">Identifiers parsed.</param>
/// <param name="OrphanRows">Rows of alias, address or comment files naming an entry that is not in the list (skipped).</param>
public sealed record ListSource(string List, IReadOnlyList<string> Files, int Entries, int Names, int Addresses, int Identifiers, int OrphanRows);
