using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.State;

/// <summary>
/// A JSON document on disk that is never torn: every write goes to a temporary file in the same
/// directory, is flushed to disk, then renamed over the old file, so a crash at any point leaves
/// either the old or the new document. An unreadable file is moved aside, not refused.
/// </summary>
/// <param name="what">How messages name the file ("state file").</param>
/// <param name="afterTempWritten">Test seam: runs between the flushed temp file and the rename.</param>
internal sealed class JsonStore<T>(string path, JsonTypeInfo<T> typeInfo, TimeProvider time, string what, Action<string>? afterTempWritten = null)
    where T : class
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = path;

    /// <summary>The document, or null when there is none; an unreadable or invalid one is moved aside and reported.</summary>
    public (T? Document, string? MovedAsideTo, string? Reason) Load(Func<T, bool> isValid)
    {
        if (!File.Exists(Path))
        {
            return (null, null, null);
        }

        try
        {
            var document = JsonSerializer.Deserialize(File.ReadAllBytes(Path), typeInfo);
            return document is not null && isValid(document)
                ? (document, null, null)
                : MoveAside($"{what} is empty or not an object");
        }
        catch (JsonException e)
        {
            return MoveAside(TurtleHarbor.Core.Errors.SystemErrorText.Of(e));
        }
    }

    public async Task SaveAsync(T document, CancellationToken cancellationToken)
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
                await JsonSerializer.SerializeAsync(stream, document, typeInfo, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            afterTempWritten?.Invoke(temp);
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ThIoException($"cannot write {what} {Path}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(e)}", inner: e);
        }
    }

    private (T? Document, string? MovedAsideTo, string? Reason) MoveAside(string reason)
    {
        var aside = $"{Path}.corrupt-{time.GetUtcNow():yyyyMMddTHHmmssfffZ}";
        File.Move(Path, aside, overwrite: true);
        return (null, aside, reason);
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
