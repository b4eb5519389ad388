using System.Globalization;
using System.Text;

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
            _fileLength = _file.CanSeek ? _file.Length : 0;
        }
        catch (Exception ex)
        {
            Fail(ex, lines: 0);
            return false;
        }
        return _lostLines == 0 || WriteLostNotice();
    }

    // Written straight to the file (the buffer is empty while the file is closed), so that the count is
    // only cleared once the notice is really out.
    private bool WriteLostNotice()
    {
        string text = string.Create(CultureInfo.InvariantCulture, $"lost {_lostLines} lines: {_lostReason}");
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
        _lostLines = 0;
        _lostReason = null;
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
            _lostReason = TurtleHarbor.Core.Errors.SystemErrorText.Of(ex);
            ReportError($"writing {_path}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(ex)}");
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

    private void CloseFile()
    {
        var file = _file;
        _file = null;
        _buffered = 0;
        _bufferedLines = 0;
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
