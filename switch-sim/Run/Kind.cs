namespace Baas.SwitchSim.Run;

/// <summary>What a request is, for the mix and the report.</summary>
public enum Kind : byte
{
    Purchase,
    Ecommerce,
    Atm,
    Refund,
    Balance,
    Incremental,
    Reversal,
    Clearing,
    TimeoutReversal,
    Repeat,
    Echo,
    SignOn,
}

/// <summary>The traffic mix: weights per kind (purchase=70,ecommerce=12,atm=5,refund=3,balance=2,incremental=3,reversal=5).</summary>
public sealed class Mix
{
    private readonly (Kind Kind, int Upto)[] _table;
    private readonly int _total;

    public Mix(IReadOnlyDictionary<Kind, int> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var upto = 0;
        var table = new List<(Kind, int)>();
        foreach (var (kind, weight) in weights)
        {
            if (weight <= 0)
            {
                continue;
            }

            upto += weight;
            table.Add((kind, upto));
        }

        if (upto == 0)
        {
            throw new ArgumentException("the mix needs at least one kind with a positive weight");
        }

        _table = [.. table];
        _total = upto;
        Weights = weights;
    }

    public IReadOnlyDictionary<Kind, int> Weights { get; }

    public static Mix Default { get; } = Parse("purchase=70,ecommerce=12,atm=5,refund=3,balance=2,incremental=3,reversal=5");

    public static Mix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var weights = new Dictionary<Kind, int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=');
            if (pair.Length != 2 || !Enum.TryParse<Kind>(pair[0], ignoreCase: true, out var kind) || kind > Kind.Reversal
                || !int.TryParse(pair[1], out var weight) || weight < 0)
            {
                throw new ArgumentException($"bad mix entry '{part}' (kinds: purchase, ecommerce, atm, refund, balance, incremental, reversal)");
            }

            weights[kind] = weight;
        }

        return new Mix(weights);
    }

    public Kind Next(Random rng)
    {
        var x = rng.Next(_total);
        foreach (var (kind, upto) in _table)
        {
            if (x < upto)
            {
                return kind;
            }
        }

        return _table[^1].Kind;
    }
}
