namespace TurtleHarbor.Core.State;

/// <summary>Reads and writes state.json (CONTRACTS.md §7), atomically through <see cref="JsonStore{T}"/>.</summary>
internal sealed class StateStore(string path, TimeProvider time, Action<string>? afterTempWritten = null)
{
    private readonly JsonStore<StateDocument> _file = new(path, StateJsonContext.Default.StateDocument, time, "state file", afterTempWritten);

    public string Path => _file.Path;

    /// <summary>The saved state; an unreadable file is moved aside and an empty state returned with the new name.</summary>
    public StateLoadResult Load()
    {
        var (document, aside, reason) = _file.Load(d => d.Scripts is not null);
        return new StateLoadResult(document ?? StateDocument.Empty, aside, reason);
    }

    /// <summary>Writes the document; null when it is on disk, else why not (strerror).</summary>
    public Task<string?> TrySaveAsync(StateDocument document, CancellationToken cancellationToken) => _file.TrySaveAsync(document, cancellationToken);

    public Task SaveAsync(StateDocument document, CancellationToken cancellationToken) => _file.SaveAsync(document, cancellationToken);
}
