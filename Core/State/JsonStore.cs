using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;

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
                : Corrupt($"{what} is empty or not an object");
        }
        catch (JsonException e)
        {
            return Corrupt(SystemErrorText.Of(e));
        }
    }

    /// <exception cref="ThIoException">the document could not be written; the old file stays as it was.</exception>
    public async Task SaveAsync(T document, CancellationToken cancellationToken)
    {
        if (await TrySaveAsync(document, cancellationToken) is { } reason)
        {
            throw new ThIoException($"cannot write {what} {Path}: {reason}");
        }
    }

    /// <summary>Writes the document; returns null when it is on disk, else the reason (strerror) it is not. The old file stays as it was.</summary>
    public async Task<string?> TrySaveAsync(T document, CancellationToken cancellationToken)
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
                await stream.WriteAsync(Serialize(document), cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            afterTempWritten?.Invoke(temp);
            File.Move(temp, Path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            return Reason(e);
        }
    }

    /// <summary>
    /// Through a Utf8JsonWriter of our own: SerializeAsync and SerializeToUtf8Bytes go through
    /// System.IO.Pipelines, which the JIT build loads on first use; a load that fails for want of a
    /// file descriptor is cached, and no save would ever succeed again. The documents are small.
    /// </summary>
    private ReadOnlyMemory<byte> Serialize(T document)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            JsonSerializer.Serialize(writer, document, typeInfo);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>.NET raises most file errors on Unix as an IOException whose HResult is the errno: say it in the OS's words, without the temp file's name.</summary>
    private static string Reason(Exception e) =>
        SystemErrorText.Of(e);

    private (T? Document, string? MovedAsideTo, string? Reason) Corrupt(string reason) => (null, MoveAside("corrupt"), reason);

    /// <summary>Renames the file to <c>PATH.KIND-TIME</c> (UTC, to the millisecond) and returns the new name.</summary>
    public string MoveAside(string kind)
    {
        var aside = $"{Path}.{kind}-{time.GetUtcNow():yyyyMMddTHHmmssfffZ}";
        File.Move(Path, aside, overwrite: true);
        return aside;
    }

    /// <summary>The file's bytes, or null when there is no file.</summary>
    public byte[]? ReadBytes()
    {
        try
        {
            return File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
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
