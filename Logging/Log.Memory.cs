using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

internal static partial class Log
{
    [ZLoggerMessage(1700, LogLevel.Information,
        "memory: rss {rssKib} KiB; gc heap {heapNowKib} KiB now, {heapKib} KiB after the last gc ({committedKib} KiB committed, {fragmentedKib} KiB free in it; gen0 {gen0Kib}, gen1 {gen1Kib}, gen2 {gen2Kib}, loh {lohKib}, poh {pohKib} KiB); collections gen0 {gen0Count}, gen1 {gen1Count}, gen2 {gen2Count}; {allocatedKib} KiB allocated since start, {pauseMs} ms paused in gc; {cpus} cpus; {threads} threads")]
    public static partial void MemoryReport(this ILogger logger, long rssKib, long heapNowKib, long heapKib, long committedKib, long fragmentedKib,
        long gen0Kib, long gen1Kib, long gen2Kib, long lohKib, long pohKib, int gen0Count, int gen1Count, int gen2Count, long allocatedKib, double pauseMs, int cpus, int threads);
}
