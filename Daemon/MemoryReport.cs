using System.Globalization;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Daemon;

/// <summary>
/// A maintainer's diagnostic (docs/development.md): with <c>TURTLE_HARBOR_DEBUG_MEMORY=SECONDS</c> in the daemon's
/// environment, it logs where its memory is every SECONDS seconds: RSS (Linux /proc, proc_pid_stat(5)), the GC
/// heap's figures (GC.GetGCMemoryInfo: after the last collection, in bytes) and the thread count. Unset, nothing runs.
/// </summary>
internal static class MemoryReport
{
    public const string Variable = "TURTLE_HARBOR_DEBUG_MEMORY";

    /// <summary>Null unless the variable holds a whole number of seconds from 1 to 3600.</summary>
    public static TimeSpan? Interval(Func<string, string?> environment) =>
        int.TryParse(environment(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>Logs one report every <paramref name="interval"/> until cancelled.</summary>
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, ILogger log, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Write(log);
            }
        }
        catch (OperationCanceledException)
        {
            // The daemon is stopping.
        }
    }

    private static void Write(ILogger log)
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var after = new long[5];
        var generations = info.GenerationInfo;
        for (var i = 0; i < Math.Min(after.Length, generations.Length); i++)
        {
            after[i] = generations[i].SizeAfterBytes / 1024;
        }

        var rssKib = ProcStat.Read(Environment.ProcessId) is { RssPages: var pages } ? pages * Environment.SystemPageSize / 1024 : -1;
        log.MemoryReport(
            rssKib,
            GC.GetTotalMemory(forceFullCollection: false) / 1024,
            info.HeapSizeBytes / 1024,
            info.TotalCommittedBytes / 1024,
            info.FragmentedBytes / 1024,
            after[0],
            after[1],
            after[2],
            after[3],
            after[4],
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalAllocatedBytes() / 1024,
            GC.GetTotalPauseDuration().TotalMilliseconds,
            Environment.ProcessorCount,
            ThreadCount());
    }

    private static int ThreadCount()
    {
        try
        {
            return OperatingSystem.IsLinux() ? Directory.GetDirectories("/proc/self/task").Length : -1;
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
