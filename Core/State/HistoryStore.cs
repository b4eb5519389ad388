using System.Text.Json;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.State;

/// <summary>
/// Reads and writes history.json the way <see cref="StateStore"/> writes state.json: a temporary
/// file in the same directory, flushed to disk, then renamed over the old one.
/// </summary>
internal sealed class HistoryStore(string path, TimeProvider time)
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = path;

    /// <summary>The saved history; an unreadable file is moved aside (history is not worth refusing to start for).</summary>
    public HistoryLoadResult Load()
    {
        if (!File.Exists(Path))
        {
            return new HistoryLoadResult(HistoryDocument.Empty, null, null);
        }

        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(Path), HistoryJsonContext.Default.HistoryDocument);
            return document is { Runs: not null }
                ? new HistoryLoadResult(document, null, null)
                : MoveAside("history file is empty or not an object");
        }
        catch (JsonException e)
        {
            return MoveAside(e.Message);
        }
    }

    public async Task SaveAsync(HistoryDocument document, CancellationToken cancellationToken)
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
                await JsonSerializer.SerializeAsync(stream, document, HistoryJsonContext.Default.HistoryDocument, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ThIoException($"cannot write history file {Path}: {e.Message}", inner: e);
        }
    }

    private HistoryLoadResult MoveAside(string reason)
    {
        var aside = $"{Path}.corrupt-{time.GetUtcNow():yyyyMMddTHHmmssfffZ}";
        File.Move(Path, aside, overwrite: true);
        return new HistoryLoadResult(HistoryDocument.Empty, aside, reason);
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
