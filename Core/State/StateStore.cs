namespace TurtleHarbor.Core.State;

/// <summary>Reads and writes state.json (CONTRACTS.md §7), atomically through <see cref="JsonStore{T}"/>.</summary>
internal sealed class StateStore(string path, TimeProvider time, Action<string>? afterTempWritten = null)
{
    private readonly JsonStore<StateDocument> _file = new(path, StateJsonContext.Default.StateDocument, time, "state file", afterTempWritten);

    public string Path => _file.Path;

    /// <summary>
    /// The saved state for a starting daemon. A file that is not JSON is moved aside as
    /// <c>state.json.corrupt-TIME</c>, JSON of another version or program as <c>state.json.foreign-TIME</c>,
    /// and an empty state returned with the new name and what was found; bad entries are skipped and listed.
    /// </summary>
    public StateLoadResult Load()
    {
        var parse = Read();
        var aside = parse.Kind switch
        {
            StateFileKind.Corrupt => _file.MoveAside("corrupt"),
            StateFileKind.Foreign => _file.MoveAside("foreign"),
            _ => null,
        };
        return new StateLoadResult(parse.Document, aside, parse.Reason, parse.Kind == StateFileKind.Foreign, parse.Skipped);
    }

    /// <summary>The saved state as it reads now, changing nothing (for clients that read it while no daemon runs).</summary>
    public StateParse Read() => _file.ReadBytes() is { } bytes
        ? StateFileParser.Parse(bytes)
        : new StateParse(StateFileKind.Ours, StateDocument.Empty, null, []);

    /// <summary>Writes the document; null when it is on disk, else why not (strerror).</summary>
    public Task<string?> TrySaveAsync(StateDocument document, CancellationToken cancellationToken) => _file.TrySaveAsync(document, cancellationToken);

    public Task SaveAsync(StateDocument document, CancellationToken cancellationToken) => _file.SaveAsync(document, cancellationToken);
}
