namespace TurtleHarbor.Logging.Loki;

/// <summary>
/// Ships one script's lines to a pusher: attached to the script's <see cref="ScriptLogWriter"/>, it gets
/// every line the file gets, with the capture time, and tags it with the script's labels plus <c>stream</c>.
/// </summary>
internal sealed class LokiScriptListener : ILogEntryListener
{
    private readonly LokiPusher _pusher;
    private readonly LokiLabelSet _stdout;
    private readonly LokiLabelSet _stderr;
    private readonly LokiLabelSet _tty;
    private readonly LokiLabelSet _th;

    /// <param name="labels">Every label but <c>stream</c>.</param>
    public LokiScriptListener(LokiPusher pusher, IReadOnlyDictionary<string, string> labels)
    {
        _pusher = pusher;
        Labels = labels;
        _stdout = With(labels, "stdout");
        _stderr = With(labels, "stderr");
        _tty = With(labels, "tty");
        _th = With(labels, "th");
    }

    public LokiPusher Pusher => _pusher;

    public IReadOnlyDictionary<string, string> Labels { get; }

    public void OnEntry(DateTimeOffset time, LogStream stream, ReadOnlySpan<byte> text)
    {
        var labels = stream switch
        {
            LogStream.Stdout => _stdout,
            LogStream.Stderr => _stderr,
            LogStream.Tty => _tty,
            _ => _th,
        };
        _pusher.Enqueue(labels, time, text);
    }

    private static LokiLabelSet With(IReadOnlyDictionary<string, string> labels, string stream) =>
        LokiLabelSet.Create([.. labels, new KeyValuePair<string, string>("stream", stream)]);
}
