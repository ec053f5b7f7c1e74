using System.Runtime.CompilerServices;
using Baas.Compliance.Screening.Lists;

namespace Baas.Compliance.Screening.Matching;

/// <summary>
/// The index a list is screened through, built once per load. Every name (primary and aliases) is normalised
/// into tokens; each distinct token has an inverse-document-frequency weight and a posting list of the names
/// holding it. A screened token is compared only with the list tokens within two edits of it, found through a
/// symmetric-deletion index (<see cref="DeletionNeighbourhood"/>; precomputed for the list's own tokens); those
/// at or above <see cref="TokenFloor"/> feed an upper bound per name, and only names whose bound can reach the
/// threshold are scored in full.
/// </summary>
internal sealed class ScreeningIndex
{
    /// <summary>Token pairs below this Jaro-Winkler similarity count as unmatched.</summary>
    internal const double TokenFloor = 0.80;

    /// <summary>The score is multiplied by <c>1 - UnmatchedEntryPenalty * (weight of entry tokens left unmatched / entry weight)</c>.</summary>
    internal const double UnmatchedEntryPenalty = 0.25;

    /// <summary>Subtracted when the matched name is a weak alias.</summary>
    internal const double WeakAliasPenalty = 0.05;

    /// <summary>Subtracted from the similarity of the names written without spaces (<c>Binladen</c> and <c>Bin Laden</c>).</summary>
    internal const double JoinedPenalty = 0.03;

    /// <summary>Similarity of an initial with a token it begins (<c>J</c> and <c>John</c>).</summary>
    internal const double InitialScore = 0.85;

    /// <summary>Tokens of a screened name beyond this many are ignored (a name, not a paragraph).</summary>
    private const int MaxQueryTokens = 12;
    private const int MaxNameTokens = 40;
    private const double BlockingSlack = 0.02;
    private const int MinIdentifierLength = 4;


    [ThreadStatic]
    private static Scratch? _scratch;

    private readonly SanctionsEntry[] _entries;
    private readonly IndexedName[] _names;
    private readonly Dictionary<string, int> _tokenIds;
    private readonly string[] _tokens;
    private readonly float[] _weights;
    private readonly int[][] _postings;
    private readonly DeletionNeighbourhood _deletions;
    private readonly Neighbour[][] _neighbours;
    private readonly Dictionary<string, int[]> _identifiers;
    private readonly float _maxWeight;

    public ScreeningIndex(IReadOnlyList<SanctionsEntry> entries)
    {
        _entries = [.. entries];
        var names = new List<IndexedName>(entries.Count * 3);
        var tokenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = new List<string>();
        var postings = new List<List<int>>();
        var identifiers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var e = 0; e < _entries.Length; e++)
        {
            var entry = _entries[e];
            foreach (var name in entry.Names)
            {
                var order = entry.Type == EntryType.Individual && entry.List != ListNames.UnConsolidated && name.Kind != NameKind.OriginalScript
                    ? NameOrder.LastNameFirst
                    : NameOrder.AsWritten;
                var normalized = NameNormalizer.Normalize(name.Text, order);
                var nameTokens = normalized.TokenArray;
                if (nameTokens.Length == 0)
                {
                    continue;
                }

                if (nameTokens.Length > MaxNameTokens)
                {
                    nameTokens = nameTokens[..MaxNameTokens];
                }

                var id = names.Count;
                var ids = new int[nameTokens.Length];
                for (var t = 0; t < nameTokens.Length; t++)
                {
                    if (!tokenIds.TryGetValue(nameTokens[t], out var tokenId))
                    {
                        tokenId = tokens.Count;
                        tokenIds.Add(nameTokens[t], tokenId);
                        tokens.Add(nameTokens[t]);
                        postings.Add([]);
                    }

                    ids[t] = tokenId;
                    var posting = postings[tokenId];
                    if (posting.Count == 0 || posting[^1] != id)
                    {
                        posting.Add(id);
                    }
                }

                names.Add(new IndexedName(e, name, nameTokens, normalized.OriginalArray[..nameTokens.Length], ids, string.Concat(nameTokens)));
            }

            foreach (var identifier in entry.Identifiers)
            {
                foreach (var key in IdentifierKeys(identifier.NormalizedValue))
                {
                    if (!identifiers.TryGetValue(key, out var list))
                    {
                        identifiers[key] = list = [];
                    }

                    if (!list.Contains(e))
                    {
                        list.Add(e);
                    }
                }
            }
        }

        _names = [.. names];
        _tokenIds = tokenIds;
        _tokens = [.. tokens];
        _postings = postings.Select(p => p.ToArray()).ToArray();
        _weights = new float[_tokens.Length];
        var n = Math.Max(1, _names.Length);
        _maxWeight = (float)Math.Log(1.0 + n);
        for (var t = 0; t < _tokens.Length; t++)
        {
            _weights[t] = (float)Math.Log(1.0 + ((double)n / _postings[t].Length));
        }

        foreach (var name in _names)
        {
            name.SetWeights(_weights);
        }

        _identifiers = identifiers.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        // Transliteration variants are indexed under their canonical token, so a typo in "Mohammhed" still finds "muhammad".
        var spellings = new List<(string, int)>(_tokens.Length + 64);
        for (var t = 0; t < _tokens.Length; t++)
        {
            spellings.Add((_tokens[t], t));
            if (NameVariants.Spellings.TryGetValue(_tokens[t], out var variants))
            {
                spellings.AddRange(variants.Skip(1).Select(v => (v, t)));
            }
        }

        _deletions = new DeletionNeighbourhood(spellings);
        _neighbours = new Neighbour[_tokens.Length][];
        var scratch = new HashSet<int>();
        for (var t = 0; t < _tokens.Length; t++)
        {
            _neighbours[t] = Search(_tokens[t], scratch);
        }
    }

    public int NameCount => _names.Length;

    public int TokenCount => _tokens.Length;

    /// <summary>The weight of a token: <c>ln(1 + names / names holding it)</c>, the maximum for a token not in the list.</summary>
    public float WeightOf(string token) => _tokenIds.TryGetValue(token, out var id) ? _weights[id] : _maxWeight;

    public ScreeningResult Screen(ScreeningQuery query, double threshold, int maxHits, string listVersion)
    {
        var normalized = NameNormalizer.Normalize(query.Name ?? "", NameOrder.Auto);
        var queryTokens = normalized.TokenArray.Length > MaxQueryTokens ? normalized.TokenArray[..MaxQueryTokens] : normalized.TokenArray;
        var queryOriginals = normalized.OriginalArray;
        var scratch = Scratch.For(_names.Length);
        var candidates = scratch.Candidates;
        candidates.Clear();
        var scored = 0;

        if (queryTokens.Length > 0)
        {
            var weights = new float[queryTokens.Length];
            var neighbours = new Neighbour[queryTokens.Length][];
            var total = 0f;
            for (var i = 0; i < queryTokens.Length; i++)
            {
                neighbours[i] = Neighbours(queryTokens[i]);
                weights[i] = QueryWeight(queryTokens[i], neighbours[i]);
                total += weights[i];
            }

            var minimum = threshold - Evidence.MaxBoost(query) - BlockingSlack;
            var joinedQuery = string.Concat(queryTokens);
            scratch.NextQuery();
            for (var i = 0; i < queryTokens.Length; i++)
            {
                foreach (var nb in neighbours[i])
                {
                    foreach (var nameId in _postings[nb.TokenId])
                    {
                        scratch.Add(nameId, i, nb.Similarity, weights[i]);
                    }
                }

                if (neighbours[i].Length == 0)
                {
                    AddSplit(queryTokens[i], i, weights[i], scratch);
                }
            }

            var touched = scratch.Touched;
            for (var k = 0; k < scratch.TouchedCount; k++)
            {
                var nameId = touched[k];
                if (scratch.Bound[nameId] / total < minimum)
                {
                    continue;
                }

                scored++;
                var name = _names[nameId];
                var score = ScoreName(queryTokens, neighbours, weights, total, joinedQuery, name, null, out _);
                if (score >= minimum)
                {
                    candidates.Add(new Candidate(name.Entry, nameId, score));
                }
            }

            // Each entry keeps its best name.
            candidates.Sort(static (a, b) => a.Entry != b.Entry ? a.Entry.CompareTo(b.Entry) : b.Score.CompareTo(a.Score));
        }

        var hits = new List<(int Entry, int NameId, double NameScore, double Score, EntryIdentifier? Identifier)>();
        var previous = -1;
        foreach (var c in candidates)
        {
            if (c.Entry == previous)
            {
                continue;
            }

            previous = c.Entry;
            var final = Math.Clamp(c.Score + Evidence.Adjust(query, _entries[c.Entry], null), 0, 1);
            if (final >= threshold)
            {
                hits.Add((c.Entry, c.NameId, c.Score, final, null));
            }
        }

        foreach (var id in query.Ids)
        {
            foreach (var (entry, identifier) in MatchIdentifier(id))
            {
                var at = hits.FindIndex(h => h.Entry == entry);
                if (at >= 0)
                {
                    hits[at] = hits[at] with { Score = 1.0, Identifier = identifier };
                }
                else
                {
                    hits.Add((entry, -1, 0, 1.0, identifier));
                }
            }
        }

        hits.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Entry.CompareTo(b.Entry));
        if (hits.Count > maxHits)
        {
            hits.RemoveRange(maxHits, hits.Count - maxHits);
        }

        var result = new List<ScreeningHit>(hits.Count);
        foreach (var h in hits)
        {
            result.Add(Explain(query, queryTokens, queryOriginals, h.Entry, h.NameId, h.NameScore, h.Score, h.Identifier));
        }

        return new ScreeningResult(listVersion, result, threshold, scored);
    }

    /// <summary>
    /// A screened token the list does not know may be two list tokens written together (<c>Binladen</c>,
    /// <c>Alqaida</c> against <c>BIN LADEN</c>): names holding both halves are credited, and the full score
    /// compares the names written without spaces.
    /// </summary>
    private void AddSplit(string token, int queryToken, float weight, Scratch scratch)
    {
        for (var cut = 2; cut <= token.Length - 2; cut++)
        {
            if (!_tokenIds.TryGetValue(token[..cut], out var left) || !_tokenIds.TryGetValue(token[cut..], out var right))
            {
                continue;
            }

            var a = _postings[left];
            var b = _postings[right];
            for (int x = 0, y = 0; x < a.Length && y < b.Length;)
            {
                if (a[x] == b[y])
                {
                    scratch.Add(a[x], queryToken, 1 - JoinedPenalty, weight);
                    x++;
                    y++;
                }
                else if (a[x] < b[y])
                {
                    x++;
                }
                else
                {
                    y++;
                }
            }
        }
    }

    /// <summary>Similarity of two normalised tokens: exact, transliteration (same canonical token), initial, or Jaro-Winkler above the floor.</summary>
    internal static double TokenSimilarity(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 1;
        }

        if (a.Length == 1 || b.Length == 1)
        {
            return a[0] == b[0] && char.IsLetter(a[0]) ? InitialScore : 0;
        }

        if (HasDigit(a) || HasDigit(b) || Math.Min(a.Length, b.Length) * 2 < Math.Max(a.Length, b.Length))
        {
            return 0;
        }

        var s = JaroWinkler.Similarity(a, b);
        if (s < 1)
        {
            // A canonical spelling on one side only: the other may be a misspelt variant ("mohammhed", "muhammad").
            var aVariants = NameVariants.Spellings.GetValueOrDefault(a);
            var bVariants = NameVariants.Spellings.GetValueOrDefault(b);
            if ((aVariants is null) != (bVariants is null))
            {
                var other = aVariants is null ? a : b;
                foreach (var v in aVariants ?? bVariants!)
                {
                    s = Math.Max(s, JaroWinkler.Similarity(other, v));
                }
            }
        }

        return s >= TokenFloor ? s : 0;
    }

    private static bool HasDigit(string s)
    {
        foreach (var c in s)
        {
            if (char.IsDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Similarity of a query token with token <paramref name="j"/> of a list name: read from the query token's
    /// neighbours (sorted by token id), so scoring agrees with blocking; initials compare by first letter.
    /// </summary>
    private static double PairSimilarity(string token, Neighbour[] neighbours, IndexedName name, int j)
    {
        if (token.Length == 1 || name.Tokens[j].Length == 1)
        {
            return TokenSimilarity(token, name.Tokens[j]);
        }

        var id = name.TokenIds[j];
        int lo = 0, hi = neighbours.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var at = neighbours[mid].TokenId;
            if (at == id)
            {
                return neighbours[mid].Similarity;
            }

            if (at < id)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return 0;
    }

    /// <summary>
    /// The name score: the query's token weights times the similarity of each token's aligned partner (greedy,
    /// best pair first, each token used once), over the query's total weight; times a penalty for the share of
    /// the entry name's weight left unmatched. When the token counts differ, the names written without spaces
    /// are compared too. A weak alias scores <see cref="WeakAliasPenalty"/> lower.
    /// </summary>
    [SkipLocalsInit]
    private static double ScoreName(
        string[] query, Neighbour[][] neighbours, float[] weights, float total, string joinedQuery, IndexedName name, int[]? alignment, out bool joined)
    {
        var n = query.Length;
        var m = name.Tokens.Length;
        Span<double> sims = stackalloc double[n * m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                sims[(i * m) + j] = PairSimilarity(query[i], neighbours[i], name, j);
            }
        }

        Span<int> partner = stackalloc int[n];
        partner.Fill(-1);
        Span<bool> used = stackalloc bool[m];
        used.Clear();
        var matched = 0.0;
        for (var pairs = Math.Min(n, m); pairs > 0; pairs--)
        {
            var best = 0.0;
            int bi = -1, bj = -1;
            for (var i = 0; i < n; i++)
            {
                if (partner[i] >= 0)
                {
                    continue;
                }

                for (var j = 0; j < m; j++)
                {
                    var s = sims[(i * m) + j];
                    if (!used[j] && (s > best || (s == best && s > 0 && bi >= 0 && weights[i] > weights[bi])))
                    {
                        best = s;
                        bi = i;
                        bj = j;
                    }
                }
            }

            if (bi < 0)
            {
                break;
            }

            partner[bi] = bj;
            used[bj] = true;
            matched += weights[bi] * best;
        }

        var unmatchedEntry = 0f;
        for (var j = 0; j < m; j++)
        {
            if (!used[j])
            {
                unmatchedEntry += name.Weights[j];
            }
        }

        var score = matched / total * (1 - (UnmatchedEntryPenalty * unmatchedEntry / name.TotalWeight));
        joined = false;
        if (n != m)
        {
            var whole = JaroWinkler.Similarity(joinedQuery, name.Joined) - JoinedPenalty;
            if (whole > score)
            {
                score = whole;
                joined = true;
            }
        }

        if (name.Name.Kind == NameKind.WeakAka)
        {
            score -= WeakAliasPenalty;
        }

        if (alignment is not null)
        {
            partner.CopyTo(alignment);
        }

        return Math.Max(0, score);
    }

    private ScreeningHit Explain(
        ScreeningQuery query, string[] queryTokens, string[] queryOriginals, int entryIndex, int nameId, double nameScore, double score, EntryIdentifier? identifier)
    {
        var entry = _entries[entryIndex];
        var reasons = new List<string>();
        var tokens = new List<TokenMatch>();
        EntryName matchedName = entry.PrimaryName;
        if (nameId >= 0)
        {
            var name = _names[nameId];
            matchedName = name.Name;
            var weights = new float[queryTokens.Length];
            var neighbours = new Neighbour[queryTokens.Length][];
            var total = 0f;
            for (var i = 0; i < queryTokens.Length; i++)
            {
                neighbours[i] = Neighbours(queryTokens[i]);
                weights[i] = QueryWeight(queryTokens[i], neighbours[i]);
                total += weights[i];
            }

            var alignment = new int[queryTokens.Length];
            ScoreName(queryTokens, neighbours, weights, total, string.Concat(queryTokens), name, alignment, out var joined);
            reasons.Add($"name matched {name.Name.KindLabel} \"{name.Name.Text}\" ({nameScore:0.000})");
            var pairs = new List<string>();
            var used = new bool[name.Tokens.Length];
            for (var i = 0; i < queryTokens.Length; i++)
            {
                var j = alignment[i];
                if (j < 0)
                {
                    tokens.Add(new TokenMatch(queryOriginals[i], null, 0, null));
                    continue;
                }

                used[j] = true;
                var s = PairSimilarity(queryTokens[i], neighbours[i], name, j);
                string? note = null;
                if (s == 1 && !string.Equals(queryOriginals[i], name.Originals[j], StringComparison.Ordinal))
                {
                    note = "transliteration";
                }
                else if (s == InitialScore && (queryTokens[i].Length == 1 || name.Tokens[j].Length == 1))
                {
                    note = "initial";
                }

                tokens.Add(new TokenMatch(queryOriginals[i], name.Originals[j], Math.Round(s, 4), note));
                pairs.Add($"{queryOriginals[i]}~{name.Originals[j]} {s:0.000}{(note is null ? "" : $" ({note})")}");
            }

            for (var j = 0; j < name.Tokens.Length; j++)
            {
                if (!used[j])
                {
                    tokens.Add(new TokenMatch(null, name.Originals[j], 0, null));
                }
            }

            if (pairs.Count > 0)
            {
                reasons.Add("token pairs: " + string.Join(", ", pairs));
            }

            var leftQuery = tokens.Where(t => t.Entry is null).Select(t => t.Query).ToArray();
            if (leftQuery.Length > 0)
            {
                reasons.Add("query tokens without a match: " + string.Join(", ", leftQuery));
            }

            var leftEntry = tokens.Where(t => t.Query is null).Select(t => t.Entry).ToArray();
            if (leftEntry.Length > 0)
            {
                reasons.Add($"entry tokens without a match: {string.Join(", ", leftEntry)} (token-count penalty)");
            }

            if (joined)
            {
                reasons.Add($"names compared without spaces: {string.Concat(queryTokens)}~{name.Joined} (-{JoinedPenalty:0.00})");
            }

            if (name.Name.Kind == NameKind.WeakAka)
            {
                reasons.Add($"weak alias ({Evidence.Signed(-WeakAliasPenalty)})");
            }

            Evidence.Adjust(query, entry, reasons);
        }

        if (identifier is not null)
        {
            reasons.Add($"identifier matches exactly: {identifier} (score 1.0)");
        }

        return new ScreeningHit
        {
            Entry = entry,
            MatchedName = matchedName,
            Score = Math.Round(score, 4),
            NameScore = Math.Round(nameScore, 4),
            Tokens = tokens,
            MatchedIdentifier = identifier,
            Reasons = reasons,
        };
    }

    private IEnumerable<(int Entry, EntryIdentifier Identifier)> MatchIdentifier(string id)
    {
        var seen = new HashSet<int>();
        foreach (var key in IdentifierKeys(NameNormalizer.NormalizeIdentifier(id)))
        {
            if (!_identifiers.TryGetValue(key, out var entries))
            {
                continue;
            }

            foreach (var e in entries)
            {
                if (seen.Add(e))
                {
                    yield return (e, _entries[e].Identifiers.First(x => IdentifierKeys(x.NormalizedValue).Contains(key)));
                }
            }
        }
    }

    /// <summary>
    /// The keys an identifier is indexed and looked up under: its normalised value, and for an IMO number
    /// (<c>IMO 9339301</c>) also the bare number. Values shorter than four characters are not matched.
    /// </summary>
    private static IEnumerable<string> IdentifierKeys(string normalized)
    {
        if (normalized.Length < MinIdentifierLength)
        {
            yield break;
        }

        yield return normalized;
        if (normalized.Length > 3 + MinIdentifierLength && normalized.StartsWith("IMO", StringComparison.Ordinal) && normalized.Skip(3).All(char.IsAsciiDigit))
        {
            yield return normalized[3..];
        }
    }

    /// <summary>A query token's weight: its own when the list has it, else that of its most similar list token, else the maximum.</summary>
    private float QueryWeight(string token, Neighbour[] neighbours)
    {
        if (_tokenIds.TryGetValue(token, out var id))
        {
            return _weights[id];
        }

        var best = -1.0;
        var weight = _maxWeight;
        foreach (var nb in neighbours)
        {
            if (nb.Similarity > best)
            {
                best = nb.Similarity;
                weight = _weights[nb.TokenId];
            }
        }

        return weight;
    }

    /// <summary>The list tokens similar to a normalised token, as the blocking finds them (tests, diagnostics).</summary>
    internal IReadOnlyList<(string Token, double Similarity)> SimilarTokens(string token) =>
        [.. Neighbours(token).Select(n => (_tokens[n.TokenId], n.Similarity)).OrderByDescending(n => n.Similarity)];

    /// <summary>The list tokens similar to <paramref name="token"/> (at or above the floor): precomputed for tokens the list holds.</summary>
    private Neighbour[] Neighbours(string token) =>
        _tokenIds.TryGetValue(token, out var id) ? _neighbours[id] : Search(token, new HashSet<int>());

    /// <summary>
    /// The list tokens within two edits (one for tokens of four characters or fewer) found through the deletion
    /// index, kept when their similarity reaches the floor. Tokens with digits and single letters match only
    /// themselves.
    /// </summary>
    private Neighbour[] Search(string token, HashSet<int> candidates)
    {
        if (token.Length == 1 || HasDigit(token))
        {
            return _tokenIds.TryGetValue(token, out var exact) ? [new Neighbour(exact, 1)] : [];
        }

        candidates.Clear();
        _deletions.Candidates(token, candidates);
        var found = new List<Neighbour>(candidates.Count);
        foreach (var id in candidates)
        {
            var s = TokenSimilarity(token, _tokens[id]);
            if (s > 0)
            {
                found.Add(new Neighbour(id, s));
            }
        }

        found.Sort(static (a, b) => a.TokenId.CompareTo(b.TokenId));
        return [.. found];
    }

    private readonly record struct Neighbour(int TokenId, double Similarity);

    private readonly record struct Candidate(int Entry, int NameId, double Score);

    /// <summary>One indexed name.</summary>
    private sealed class IndexedName(int entry, EntryName name, string[] tokens, string[] originals, int[] tokenIds, string joined)
    {
        public int Entry { get; } = entry;

        public EntryName Name { get; } = name;

        public string[] Tokens { get; } = tokens;

        public string[] Originals { get; } = originals;

        public int[] TokenIds { get; } = tokenIds;

        public string Joined { get; } = joined;

        public float[] Weights { get; private set; } = [];

        public float TotalWeight { get; private set; }

        public void SetWeights(float[] weights)
        {
            Weights = new float[TokenIds.Length];
            var total = 0f;
            for (var t = 0; t < TokenIds.Length; t++)
            {
                Weights[t] = weights[TokenIds[t]];
                total += Weights[t];
            }

            TotalWeight = total;
        }
    }

    /// <summary>
    /// Per-thread working arrays sized to the index: the per-name upper bound, the best similarity seen for the
    /// current query token, and stamps so nothing needs clearing between queries.
    /// </summary>
    private sealed class Scratch
    {
        private int[] _seen = [];
        private int[] _lastToken = [];
        private float[] _current = [];
        private int _stamp;

        public float[] Bound { get; private set; } = [];

        public int[] Touched { get; private set; } = [];

        public int TouchedCount { get; private set; }

        public List<Candidate> Candidates { get; } = [];

        public static Scratch For(int names)
        {
            var s = _scratch ??= new Scratch();
            if (s.Bound.Length < names)
            {
                s.Bound = new float[names];
                s.Touched = new int[names];
                s._seen = new int[names];
                s._lastToken = new int[names];
                s._current = new float[names];
                s._stamp = 0;
            }

            return s;
        }

        public void NextQuery()
        {
            TouchedCount = 0;
            if (++_stamp == int.MaxValue)
            {
                Array.Clear(_seen);
                _stamp = 1;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int name, int queryToken, double similarity, float weight)
        {
            var s = (float)similarity;
            if (_seen[name] != _stamp)
            {
                _seen[name] = _stamp;
                Touched[TouchedCount++] = name;
                Bound[name] = weight * s;
                _lastToken[name] = queryToken;
                _current[name] = s;
                return;
            }

            if (_lastToken[name] != queryToken)
            {
                _lastToken[name] = queryToken;
                _current[name] = s;
                Bound[name] += weight * s;
            }
            else if (s > _current[name])
            {
                Bound[name] += weight * (s - _current[name]);
                _current[name] = s;
            }
        }
    }
}
