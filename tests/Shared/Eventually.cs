using System.Diagnostics;

namespace Baas.Testing;

/// <summary>Polls a condition that becomes true by itself (a reconnect, a disconnect) instead of sleeping a guessed time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > within)
            {
                Assert.Fail($"Not {what} within {within.TotalMilliseconds:0} ms.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>The same for a condition that has to ask a server.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within)
            {
                Assert.Fail($"Not {what} within {within.TotalMilliseconds:0} ms.");
            }

            await Task.Delay(10);
        }
    }
}
