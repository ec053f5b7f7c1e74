using System.Runtime.InteropServices;

namespace Baas.SwitchSim.Run;

/// <summary>Sub-millisecond sleeps (Linux nanosleep); elsewhere reports that it cannot.</summary>
internal static partial class Precise
{
    /// <summary>Sleeps about <paramref name="duration"/>; false when the platform has no precise sleep.</summary>
    public static bool Sleep(TimeSpan duration)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var ticks = duration.Ticks;
        var spec = new TimeSpec { Seconds = ticks / TimeSpan.TicksPerSecond, Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100 };
        return NanoSleep(in spec, IntPtr.Zero) == 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(in TimeSpec request, IntPtr remaining);
}
