using System.Text.Json;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.State;

/// <summary>
/// Reads and writes state.json. Every write goes to a temporary file in the same directory, is
/// flushed to disk, then renamed over the old file: a crash at any point leaves either the old or
/// the new state, never a torn one.
/// </summary>
internal sealed class StateStore(string path, TimeProvider time, Action<string>? afterTempWritten = null)
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = path;

    /// <summary>The saved state; an unreadable file is moved aside and an empty state returned with the new name.</summary>
    public StateLoadResult Load()
    {
        if (!File.Exists(Path))
        {
            return new StateLoadResult(StateDocument.Empty, null, null);
        }

        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(Path), StateJsonContext.Default.StateDocument);
            if (document is { Scripts: not null })
            {
                return new StateLoadResult(document, null, null);
            }

            return MoveAside("state file is empty or not an object");
        }
        catch (JsonException e)
        {
            return MoveAside(e.Message);
        }
    }

    public async Task SaveAsync(StateDocument document, CancellationToken cancellationToken)
    {
        var temp = $"{Path}.tmp-{Environment.ProcessId}";
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = PrivateFile,
                Options = FileOptions.Asynchronous,
            };
            await using (var stream = new FileStream(temp, options))
            {
                await JsonSerializer.SerializeAsync(stream, document, StateJsonContext.Default.StateDocument, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            afterTempWritten?.Invoke(temp);
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ThIoException($"cannot write state file {Path}: {e.Message}", inner: e);
        }
    }

    private StateLoadResult MoveAside(string reason)
    {
        var aside = $"{Path}.corrupt-{time.GetUtcNow():yyyyMMddTHHmmssfffZ}";
        File.Move(Path, aside, overwrite: true);
        return new StateLoadResult(StateDocument.Empty, aside, reason);
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is overwritten by the next save.
        }
    }
}
