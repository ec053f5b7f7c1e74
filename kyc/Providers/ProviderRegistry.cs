using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Baas.Kyc.Providers;

/// <summary>The provider adapters by name (case-insensitive), each holding its webhook secret.</summary>
public sealed class ProviderRegistry
{
    private static readonly string[] BuiltIn = [ClearConsiderAdapter.ProviderName, ScoredStatusAdapter.ProviderName, SimulatorAdapter.ProviderName];

    private readonly FrozenDictionary<string, IKycProviderAdapter> _adapters;

    /// <summary>
    /// The three built-in adapters (clearcheck, scorecheck, simulator), each with its secret from
    /// <paramref name="webhookSecrets"/> (keyed by provider name, any case). A provider without a secret still parses
    /// direct submissions but refuses every webhook signature. A key naming no provider is a configuration mistake
    /// and throws <see cref="ArgumentException"/>.
    /// </summary>
    public ProviderRegistry(IReadOnlyDictionary<string, string> webhookSecrets, TimeProvider? time = null)
        : this(BuildIn(webhookSecrets), time)
    {
    }

    /// <summary>A registry of the given adapters (for a non-default configuration, such as another score threshold).</summary>
    public ProviderRegistry(IEnumerable<IKycProviderAdapter> adapters, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        var byName = new Dictionary<string, IKycProviderAdapter>(StringComparer.OrdinalIgnoreCase);
        foreach (var adapter in adapters)
        {
            if (!byName.TryAdd(adapter.Name, adapter))
            {
                throw new ArgumentException($"two adapters are named {adapter.Name}", nameof(adapters));
            }
        }

        _adapters = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Names = _adapters.Keys.Order(StringComparer.Ordinal).ToArray();
        Time = time ?? TimeProvider.System;
    }

    /// <summary>The registered provider names, sorted.</summary>
    public IReadOnlyCollection<string> Names { get; }

    /// <summary>The clock <see cref="TryVerify"/> checks replay windows against.</summary>
    public TimeProvider Time { get; }

    /// <summary>All three adapters with their secrets from <paramref name="secrets"/>, on the system clock.</summary>
    public static ProviderRegistry Default(IReadOnlyDictionary<string, string> secrets) => new(secrets);

    /// <summary>The adapter named <paramref name="name"/>, compared case-insensitively.</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out IKycProviderAdapter adapter)
    {
        if (name is null)
        {
            adapter = null;
            return false;
        }

        return _adapters.TryGetValue(name, out adapter);
    }

    /// <summary>Finds the adapter and checks a webhook's signature at <see cref="Time"/>'s now; false with a problem otherwise.</summary>
    public bool TryVerify(string name, Func<string, string?> header, ReadOnlySpan<byte> body, [NotNullWhen(true)] out IKycProviderAdapter? adapter, out string? problem)
    {
        if (!TryGet(name, out var found))
        {
            adapter = null;
            problem = "unknown provider";
            return false;
        }

        adapter = found.TryVerifySignature(header, body, Time.GetUtcNow(), out problem) ? found : null;
        return adapter is not null;
    }

    private static IKycProviderAdapter[] BuildIn(IReadOnlyDictionary<string, string> webhookSecrets)
    {
        ArgumentNullException.ThrowIfNull(webhookSecrets);
        foreach (var key in webhookSecrets.Keys)
        {
            if (!BuiltIn.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"a webhook secret is configured for {key}, which is not a provider (known: {string.Join(", ", BuiltIn)})", nameof(webhookSecrets));
            }
        }

        string? SecretOf(string name) =>
            webhookSecrets.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        return
        [
            new ClearConsiderAdapter(SecretOf(ClearConsiderAdapter.ProviderName)),
            new ScoredStatusAdapter(SecretOf(ScoredStatusAdapter.ProviderName)),
            new SimulatorAdapter(SecretOf(SimulatorAdapter.ProviderName)),
        ];
    }
}
