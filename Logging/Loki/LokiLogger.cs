using Microsoft.Extensions.Logging;

namespace TurtleHarbor.Logging.Loki;

/// <summary>One category's logger for <see cref="LokiLoggerProvider"/>; the level filter is the factory's.</summary>
internal sealed class LokiLogger(LokiDaemonLogSink sink, bool muted) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => !muted && logLevel != LogLevel.None && !sink.IsEmpty;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        if (exception is not null)
        {
            message = $"{message} | {exception.GetType().Name}: {exception.Message}";
        }

        sink.Write(logLevel, message);
    }
}
