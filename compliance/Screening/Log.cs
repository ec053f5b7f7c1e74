using Microsoft.Extensions.Logging;

namespace Baas.Compliance.Screening;

/// <summary>Log messages of sanctions screening (event ids 5100-5199).</summary>
internal static partial class Log
{
    [LoggerMessage(5100, LogLevel.Information, "Sanctions lists loaded: version {Version}, {Entries} entries, {Names} names from {Directory} in {ElapsedMs} ms")]
    public static partial void ListLoaded(ILogger logger, string version, int entries, int names, string directory, long elapsedMs);

    [LoggerMessage(5101, LogLevel.Error, "Sanctions lists in {Directory} could not be loaded; the list in use (if any) stays")]
    public static partial void ListLoadFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(5102, LogLevel.Information, "Sanctions list files in {Directory} changed; reloading once they are stable")]
    public static partial void ListChangeSeen(ILogger logger, string directory);
}
