using System.Globalization;

namespace Baas.SwitchSim;

/// <summary>"30s", "2m", "500ms", or a plain number of seconds.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (t.EndsWith("ms", StringComparison.Ordinal))
        {
            return TimeSpan.FromMilliseconds(Number(t[..^2]));
        }

        if (t.EndsWith('s'))
        {
            return TimeSpan.FromSeconds(Number(t[..^1]));
        }

        if (t.EndsWith('m'))
        {
            return TimeSpan.FromMinutes(Number(t[..^1]));
        }

        return TimeSpan.FromSeconds(Number(t));
    }
}
