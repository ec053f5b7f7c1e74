using Microsoft.Extensions.Logging;

namespace Baas.Host.Components;

/// <summary>
/// A component's background pass run every so often (or sooner when woken) until the component stops: a failure
/// the component expects (its database or a peer away) is logged and the pass runs again on schedule.
/// </summary>
internal static partial class PeriodicLoop
{
    /// <summary>Starts the loop; it ends when <paramref name="stop"/> is cancelled.</summary>
    public static Task Start(string component, string name, TimeSpan every, Func<CancellationToken, Task<int>> work, SemaphoreSlim? wake, Func<Exception, bool> expected, ILogger logger, CancellationToken stop) => Task.Run(
        async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await work(stop);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (expected(e))
                {
                    LogFailed(logger, component, name, e.Message);
                }

                try
                {
                    if (wake is not null)
                    {
                        await wake.WaitAsync(every, stop);
                    }
                    else
                    {
                        await Task.Delay(every, stop);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        },
        CancellationToken.None);

    [LoggerMessage(EventId = 90, Level = LogLevel.Warning, Message = "{Component} {Loop} failed: {Reason}; trying again")]
    private static partial void LogFailed(ILogger logger, string component, string loop, string reason);
}
