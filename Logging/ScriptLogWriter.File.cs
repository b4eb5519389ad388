using System.Globalization;
using System.Text;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Logging;

// Opening, rotating and closing the file, and the bookkeeping for lines lost while that fails.
internal sealed partial class ScriptLogWriter
{
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private bool EnsureOpen()
    {
        if (_file is not null) return true;
        try
        {
            string? directory = Path.GetDirectoryName(_path);
            if (directory is not null && !OperatingSystem.IsWindows()) Directory.CreateDirectory(directory, DirectoryMode);
            _file = _openFile(_path);
            _fileLength = _file is AppendOnlyFile opened ? opened.Identity.Size : _file.CanSeek ? _file.Length : 0;
        }
        catch (Exception ex)
        {
            Fail(ex, lines: 0);
            return false;
        }
        if (_lostLines == 0) return true;
        if (!WriteNotice(string.Create(CultureInfo.InvariantCulture, $"lost {_lostLines} lines: {_lostReason}"))) return false;
        _lostLines = 0;
        _lostReason = null;
        return true;
    }

    /// <summary>
    /// Before a write (and before deciding to rotate): is the open file still the one at the path? logrotate's
    /// <c>create</c>, <c>mv</c>, <c>rm</c> or <c>rm -rf</c> of the folder leave the writer appending to a file nobody
    /// reads; then the path is opened again (folder included) and a <c>[th]</c> line says so. A truncation
    /// (<c>copytruncate</c>) only resets the size kept for rotation: O_APPEND already writes at the new end.
    /// One stat(2) a write, and writes are whole buffers (up to 256 KiB or 200 ms of lines), never one a line.
    /// </summary>
    private void FollowPath()
    {
        if (_file is not AppendOnlyFile open) return;
        FileIdentity? atPath;
        try
        {
            atPath = FileIdentity.OfPath(_path);
        }
        catch (Exception)
        {
            // The path cannot even be looked at (a folder lost its permissions): keep the file we have.
            return;
        }

        if (atPath is { } found && found.SameFileAs(open.Identity))
        {
            if (found.Size < _fileLength) _fileLength = found.Size;
            return;
        }

        DisposeFile();
        if (EnsureOpen())
        {
            WriteNotice(atPath is null
                ? $"the log file was moved or deleted; writing to a new {_path}"
                : $"another file took the log's place; writing to it now");
        }
    }

    // Written straight to the file, ahead of what is buffered, so that a notice is only counted as out once it is.
    private bool WriteNotice(string text)
    {
        byte[] content = Encoding.UTF8.GetBytes(text.ReplaceLineEndings(" "));
        var now = _time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, _time.LocalTimeZone);
        byte[] line = new byte[LogLineFormatter.MaxFormattedLength(content.Length)];
        int length = LogLineFormatter.Format(line, local, LogStream.Th, content, 0, out int textStart);
        try
        {
            _file!.Write(line, 0, length);
            _fileLength += length;
        }
        catch (Exception ex)
        {
            // Still full: whatever part of the notice landed is cut off again, so no torn line stays behind.
            TruncateTo(_fileLength);
            Fail(ex, lines: 0);
            return false;
        }
        NotifyListeners(line.AsSpan(0, length), now, LogStream.Th, textStart);
        return true;
    }

    private void TruncateTo(long length)
    {
        try
        {
            if (_file!.Length > length) _file.SetLength(length);
        }
        catch (Exception)
        {
            // Best effort: the file cannot even be measured; the next successful write goes after it.
        }
    }

    private void RotateFile()
    {
        FlushBuffer();
        CloseFile();
        try
        {
            LogRotation.Rotate(_path, _options.MaxFiles);
        }
        catch (Exception ex)
        {
            // Keep appending to the current file (EnsureOpen reopens it) rather than lose lines; the next
            // line tries to rotate again.
            ReportError($"rotating {_path}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(ex)}");
        }
    }

    private void Fail(Exception ex, int lines)
    {
        _lostLines += lines;
        if (_lostReason is null)
        {
            var reason = TurtleHarbor.Core.Errors.SystemErrorText.Of(ex);
            _lostReason = reason;
            ReportError(reason.Contains(_path, StringComparison.Ordinal) ? reason : $"writing {_path}: {reason}");
            ShowFailure(reason);
        }
        CloseFile();
    }

    private void ReportError(string message)
    {
        try
        {
            OnWriteError?.Invoke(message);
        }
        catch (Exception)
        {
            // The reporter is the daemon's logger; nothing better to do with its failure here.
        }
    }

    /// <summary>The file cannot take the lines: followers still see why, as a <c>[th]</c> line of their own.</summary>
    private void ShowFailure(string reason)
    {
        byte[] content = Encoding.UTF8.GetBytes($"cannot write the log file: {reason}".ReplaceLineEndings(" "));
        var now = _time.GetUtcNow();
        byte[] line = new byte[LogLineFormatter.MaxFormattedLength(content.Length)];
        int length = LogLineFormatter.Format(line, TimeZoneInfo.ConvertTime(now, _time.LocalTimeZone), LogStream.Th, content, 0, out int textStart);
        NotifyListeners(line.AsSpan(0, length), now, LogStream.Th, textStart);
    }

    private void CloseFile()
    {
        _buffered = 0;
        _bufferedLines = 0;
        DisposeFile();
    }

    /// <summary>Closes the file but keeps what is buffered (it goes to the file opened next).</summary>
    private void DisposeFile()
    {
        var file = _file;
        _file = null;
        _fileLength = 0;
        try
        {
            file?.Dispose();
        }
        catch (Exception)
        {
            // Closing a file whose writes already failed may fail the same way; the loss is already counted.
        }
    }
}
