using Microsoft.Extensions.Logging;

namespace TurtleHarbor.Logging.Loki;

/// <summary>Puts the daemon's log (the same messages ZLogger writes to daemon.log) into a <see cref="LokiDaemonLogSink"/>.</summary>
internal sealed class LokiLoggerProvider(LokiDaemonLogSink sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LokiLogger(sink, categoryName == LokiDaemonLogSink.OwnCategory);

    public void Dispose()
    {
        // The sink and its pushers belong to the daemon, which flushes them on shutdown.
    }
}
