using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// A native call failed in a way its caller did not expect. The errno is data: callers that
/// can recover compare <see cref="Errno"/> against the <see cref="Native.Errno"/> table.
/// </summary>
internal sealed class NativeCallException(string function, int errno, string? context = null)
    : Exception(FormatMessage(function, errno, context))
{
    public string Function { get; } = function;

    public int Errno { get; } = errno;

    private static string FormatMessage(string function, int errno, string? context)
    {
        var message = $"{function} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        return context is null ? message : $"{message}; {context}";
    }
}
