using System.Buffers;
using System.Text;
using System.Text.Unicode;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// The one reader of files named by a user for th to parse (scripts.yml, env_files), used alike by the client
/// (validate, completion) and the daemon: a regular file only, at most <see cref="MaxBytes"/>, valid UTF-8.
/// </summary>
internal static class ConfigFileReader
{
    /// <summary>A scripts.yml or .env is a page or two; a bigger file is a mistake, and reading it whole would cost memory.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <param name="path">The file, absolute or relative to the working directory.</param>
    /// <param name="what">What it is, for messages: "config file", "env_file".</param>
    /// <returns>The text, without a UTF-8 byte order mark.</returns>
    /// <exception cref="ConfigNotFoundException">Nothing at the path.</exception>
    /// <exception cref="ThIoException">It exists but cannot be read (permissions, a path too long, not a regular file, I/O error).</exception>
    /// <exception cref="ConfigInvalidException">Over <see cref="MaxBytes"/>, or not UTF-8 (with the position).</exception>
    public static string Read(string path, string what, string? notFoundHint = null)
    {
        var full = Path.GetFullPath(path);
        var quoted = Paths.ShellQuote.Path(full);
        BoundedFile.Result file;
        try
        {
            file = BoundedFile.Read(full, MaxBytes);
        }
        catch (NativeCallException e)
        {
            throw OpenError(e.Errno, what, quoted, notFoundHint, e);
        }

        if (file.Kind != FileKind.Regular)
        {
            throw new ThIoException($"cannot read {what} {quoted}: it is {KindName(file.Kind)}, not a regular file");
        }

        if (file.IsOverLimit(MaxBytes))
        {
            throw new ConfigInvalidException(
                [new ConfigProblem(full, 1, 1, $"this {what} is too large: over {MaxBytes} bytes (at most 1 MiB)")]);
        }

        return Decode(file.Bytes, full, what);
    }

    private static ThException OpenError(int errno, string what, string quoted, string? notFoundHint, Exception inner)
    {
        if (errno == Errno.ENOENT || errno == Errno.ENOTDIR)
        {
            return new ConfigNotFoundException($"{what} not found: {quoted}", notFoundHint, inner);
        }

        var reason = errno == Errno.EACCES || errno == Errno.EPERM ? "permission denied"
            : errno == Errno.ENAMETOOLONG ? "the path is too long for this system"
            : errno == Errno.ELOOP ? "too many levels of symbolic links"
            : errno == Errno.ENXIO ? "it is a socket, not a regular file"
            : errno == Errno.EISDIR ? "it is a directory, not a regular file"
            : System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
        return new ThIoException($"cannot read {what} {quoted}: {reason}", inner: inner);
    }

    private static string KindName(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };

    private static string Decode(byte[] bytes, string path, string what)
    {
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var input = bytes.AsSpan(start);
        var chars = ArrayPool<char>.Shared.Rent(input.Length + 1);
        try
        {
            var status = Utf8.ToUtf16(input, chars, out var read, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                return new string(chars, 0, written);
            }

            // The text before the bad byte decoded cleanly: its lines and characters give the position.
            var before = chars.AsSpan(0, written);
            var bad = read < input.Length ? $"byte 0x{input[read]:x2} at offset {start + read}" : "at the end";
            var line = before.Count('\n') + 1;
            var column = written - (before.LastIndexOf('\n') + 1) + 1;
            var problem = new ConfigProblem(
                path, line, column, $"this {what} is not valid UTF-8 ({bad}); save it as UTF-8");
            throw new ConfigInvalidException([problem]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
