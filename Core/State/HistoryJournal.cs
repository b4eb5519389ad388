using System.Buffers;
using System.Text.Json;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.State;

/// <summary>
/// history.jsonl: the run history as a journal of JSON lines, one when a run starts and one when it
/// ends, so recording a run costs an append, not a rewrite of every script's history. The owner
/// appends a batch and fsyncs it once (<see cref="TryAppendAsync"/>); when the journal has grown to
/// twice what its last compaction wrote (and at least <see cref="MinLinesBeforeCompaction"/>
/// lines), the owner rewrites it with one line a run (<see cref="TryCompactAsync"/>): to a temp
/// file, fsynced, renamed over the journal, so a crash at any point leaves the old journal or the
/// new one, both whole. A torn last line (a crash in the middle of an append) is skipped on read.
/// Only the daemon that holds the home's lock writes it; clients only read.
/// </summary>
/// <param name="afterTempWritten">Test seam: runs between the fsynced compacted temp file and the rename.</param>
internal sealed class HistoryJournal(string path, Action<string>? afterTempWritten = null)
{
    /// <summary>A small journal is never compacted: reading a few hundred extra lines costs nothing.</summary>
    public const int MinLinesBeforeCompaction = 1000;

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = path;

    /// <summary>Lines in the file now (as far as this writer knows).</summary>
    public long Lines { get; private set; }

    /// <summary>Lines the last compaction (or load) found worth keeping.</summary>
    public long CompactedLines { get; private set; }

    /// <summary>Bytes this writer has written to the home for the journal, appends and compactions alike (tests bound the cost of a run with it).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The file does not end with a newline (a torn append): the next append starts a new line first.</summary>
    private bool _needsNewline;

    public bool NeedsCompaction => Lines >= MinLinesBeforeCompaction && Lines > 2 * CompactedLines;

    /// <summary>The journal's lines in file order; unreadable ones are counted and skipped. Changes nothing.</summary>
    public HistoryJournalRead Read()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new HistoryJournalRead([], 0, false);
        }

        var lines = new List<HistoryLine>();
        var unreadable = 0;
        var rest = bytes.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, HistoryLineJsonContext.Default.HistoryLine) is { Run: { Config: not null, Name: not null } } parsed)
                {
                    lines.Add(parsed);
                    continue;
                }
            }
            catch (JsonException)
            {
                // Counted below: a torn or foreign line is not worth refusing the rest for.
            }

            unreadable++;
        }

        _needsNewline = bytes.Length > 0 && bytes[^1] != (byte)'\n';
        return new HistoryJournalRead(lines, unreadable, true);
    }

    /// <summary>Takes the counts of a journal just read, so compaction knows how far it has grown.</summary>
    public void Loaded(HistoryJournalRead read, int kept)
    {
        Lines = read.Lines.Count + read.Unreadable;
        CompactedLines = kept;
    }

    /// <summary>Appends the lines and fsyncs them once; null when they are on disk, else why not (strerror).</summary>
    public async Task<string?> TryAppendAsync(IReadOnlyList<HistoryLine> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            return null;
        }

        var bytes = Serialize(lines, _needsNewline);
        try
        {
            await WriteAndSyncAsync(Path, FileMode.Append, bytes, cancellationToken);

            Lines += lines.Count;
            BytesWritten += bytes.Length;
            _needsNewline = false;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A partial append leaves at worst a torn last line, which every read skips; the retry starts on a line of its own.
            _needsNewline = true;
            return SystemErrorText.Of(e);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> (a private file) and fsyncs it before returning.</summary>
    private static async Task WriteAndSyncAsync(string path, FileMode mode, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.Write,
            UnixCreateMode = PrivateFile,
            Options = FileOptions.Asynchronous,
        };
        await using var stream = new FileStream(path, options);
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Replaces the journal with <paramref name="lines"/> (one a run): written to <c>PATH.tmp-PID</c>,
    /// fsynced, renamed over the journal. Null when done, else why not (strerror); the old journal stays.
    /// </summary>
    public async Task<string?> TryCompactAsync(IReadOnlyList<HistoryLine> lines, CancellationToken cancellationToken)
    {
        var temp = $"{Path}.tmp-{Environment.ProcessId}";
        var bytes = Serialize(lines, leadingNewline: false);
        try
        {
            await WriteAndSyncAsync(temp, FileMode.Create, bytes, cancellationToken);

            BytesWritten += bytes.Length;
            afterTempWritten?.Invoke(temp);
            File.Move(temp, Path, overwrite: true);
            Lines = lines.Count;
            CompactedLines = lines.Count;
            _needsNewline = false;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception inner) when (inner is IOException or UnauthorizedAccessException)
            {
                // The next daemon's start removes it (TempFileLitter).
            }

            // Not again before the journal has doubled once more: a full disk must not cost a rewrite per batch.
            CompactedLines = Lines;
            return SystemErrorText.Of(e);
        }
    }

    private static ReadOnlyMemory<byte> Serialize(IReadOnlyList<HistoryLine> lines, bool leadingNewline)
    {
        var buffer = new ArrayBufferWriter<byte>((256 * lines.Count) + 1);
        if (leadingNewline)
        {
            buffer.Write("\n"u8);
        }

        using (var writer = new Utf8JsonWriter(buffer))
        {
            foreach (var line in lines)
            {
                JsonSerializer.Serialize(writer, line, HistoryLineJsonContext.Default.HistoryLine);
                writer.Flush();
                writer.Reset();
                buffer.Write("\n"u8);
            }
        }

        return buffer.WrittenMemory;
    }
}
