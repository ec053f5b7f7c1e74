namespace Baas.Compliance.Screening.Matching;

/// <summary>
/// Diacritic folding from the Unicode canonical decompositions: a precomposed letter maps to its base letter
/// (lower case). Generated from the Unicode data because <c>string.Normalize</c> is a no-op under
/// <c>InvariantGlobalization</c>, which every host here runs with.
/// </summary>
internal static class DiacriticFolding
{
    // U+00C0..U+024F; \0 where a letter has no single-letter decomposition.
    private const string Latin =
        "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0\0aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0yaaaaaaccccccccdd\0\0e" +
        "eeeeeeeeegggggggghh\0\0iiiiiiiii\0\0\0jjkk\0llllll\0\0\0\0nnnnnn\0\0\0oooooo\0\0rrrrrrsssssssstt" +
        "tt\0\0uuuuuuuuuuuuwwyyyzzzzzz\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0o" +
        "o\0\0\0\0\0\0\0\0\0\0\0\0\0uu\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0aaiioouuuuu" +
        "uuuuu\0aaaa\u00e6\u00e6\0\0ggkkoooo\u0292\u0292j\0\0\0gg\0\0nnaa\u00e6\u00e6\u00f8\u00f8aaaaeeee" +
        "iiiioooorrrruuuusstt\0\0hh\0\0\0\0\0\0aaeeooooooooyy\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" +
        "\0\0\0\0\0\0";

    // U+1E00..U+1EFF; \0 where a letter has no single-letter decomposition.
    private const string LatinAdditional =
        "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrr" +
        "ssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwy\0\u017f\0\0\0\0aaaaaaaaaaaaaaaaaaaaaa" +
        "aaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy\0\0\0\0\0\0";

    // U+0400..U+04FF; \0 where a letter has no single-letter decomposition.
    private const string Cyrillic =
        "\u0435\u0435\0\u0433\0\0\0\u0456\0\0\0\0\u043a\u0438\u0443\0\0\0\0\0\0\0\0\0\0\u0438\0\0\0\0\0\0" +
        "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\u0438\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" +
        "\0\0\u0435\u0435\0\u0433\0\0\0\u0456\0\0\0\0\u043a\u0438\u0443\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" +
        "\0\0\0\0\0\0\u0475\u0475\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" +
        "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\u0436\u0436\0\0\0\0\0" +
        "\0\0\0\0\0\0\0\0\u0430\u0430\u0430\u0430\0\0\u0435\u0435\0\0\u04d9\u04d9\u0436\u0436\u0437\u0437" +
        "\0\0\u0438\u0438\u0438\u0438\u043e\u043e\0\0\u04e9\u04e9\u044d\u044d\u0443\u0443\u0443\u0443" +
        "\u0443\u0443\u0447\u0447\0\0\u044b\u044b\0\0\0\0\0\0";

    /// <summary>
    /// The folded, lower-case form of <paramref name="c"/>: its base letter when it has a canonical decomposition,
    /// else <c>\0</c> (the caller lower-cases it or applies a multi-letter mapping).
    /// </summary>
    public static char Fold(char c) => c switch
    {
        >= '\u00C0' and < '\u0250' => Latin[c - 0xC0],
        >= '\u1E00' and < '\u1F00' => LatinAdditional[c - 0x1E00],
        >= '\u0400' and < '\u0500' => Cyrillic[c - 0x400],
        _ => '\0',
    };
}
