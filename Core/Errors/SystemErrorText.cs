using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Core.Errors;

/// <summary>
/// The English words for what went wrong in a system exception, for a message that names its own path or value:
/// the C library's text for the errno (strerror(3), as coreutils print it: "File exists"), never the runtime's
/// message, which in a trimmed build can be a bare resource key such as <c>IO_FileExists_Name</c>.
/// </summary>
internal static partial class SystemErrorText
{
    public static string Of(Exception e) => e switch
    {
        ThException th => th.Message,
        NativeCallException native => native.Message,
        UnauthorizedAccessException => "Permission denied",
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        PathTooLongException => "File name too long",
        OutOfMemoryException => "Out of memory",
        System.Text.Json.JsonException { LineNumber: { } line } => $"not valid JSON (line {line + 1})",
        System.Text.Json.JsonException => "not valid JSON",
        SocketException socket => Marshal.GetPInvokeErrorMessage(socket.NativeErrorCode),

        // On Unix the runtime keeps the errno as the HResult of the IOExceptions it makes from one.
        IOException io when io.HResult is > 0 and < 4096 => Marshal.GetPInvokeErrorMessage(io.HResult),
        _ when !ResourceKey().IsMatch(e.Message) => e.Message,
        _ => "an unexpected system error",
    };

    /// <summary>What a message stripped to its resource key looks like: <c>IO_PathTooLong_Path</c>, <c>Arg_OutOfMemoryException</c>.</summary>
    [GeneratedRegex("[A-Z][A-Za-z]*[a-z][A-Za-z]*_[A-Za-z_]+|[A-Z]+_[A-Z][a-z][A-Za-z_]*")]
    public static partial Regex ResourceKey();
}
