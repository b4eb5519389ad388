namespace TurtleHarbor.Core.State;

/// <summary>Reads and writes history.json the way state.json is written (<see cref="JsonStore{T}"/>).</summary>
internal sealed class HistoryStore(string path, TimeProvider time)
{
    private readonly JsonStore<HistoryDocument> _file = new(path, HistoryJsonContext.Default.HistoryDocument, time, "history file");

    public string Path => _file.Path;

    /// <summary>The saved history; an unreadable file is moved aside (history is not worth refusing to start for).</summary>
    public HistoryLoadResult Load()
    {
        var (document, aside, reason) = _file.Load(d => d.Runs is not null);
        return new HistoryLoadResult(document ?? HistoryDocument.Empty, aside, reason);
    }

    /// <summary>Writes the document; null when it is on disk, else why not (strerror).</summary>
    public Task<string?> TrySaveAsync(HistoryDocument document, CancellationToken cancellationToken) => _file.TrySaveAsync(document, cancellationToken);

    /// <summary>The saved history as it reads now, changing nothing (for clients that read it while no daemon runs); empty when unreadable.</summary>
    public HistoryDocument Read()
    {
        try
        {
            return _file.ReadBytes() is { } bytes
                && System.Text.Json.JsonSerializer.Deserialize(bytes, HistoryJsonContext.Default.HistoryDocument) is { Runs: not null } document
                ? document
                : HistoryDocument.Empty;
        }
        catch (System.Text.Json.JsonException)
        {
            return HistoryDocument.Empty;
        }
    }

    public Task SaveAsync(HistoryDocument document, CancellationToken cancellationToken) => _file.SaveAsync(document, cancellationToken);
}
