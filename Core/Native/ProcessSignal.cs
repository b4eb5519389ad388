using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>Signals one process, not its group (<c>th kill --main</c>).</summary>
internal static class ProcessSignal
{
    /// <summary>kill(2) of one process; false when it is gone (ESRCH).</summary>
    /// <exception cref="NativeCallException">Any other errno, e.g. EPERM for a process of another user.</exception>
    public static bool Send(int pid, Signal signal)
    {
        // kill(0) and kill(-N) address groups, kill(1) init: never what a caller meant.
        if (pid <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pid), pid, "Not a process th may address.");
        }

        if (Libc.kill(pid, SignalNumbers.ToNumber(signal)) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.ESRCH ? false : throw new NativeCallException("kill", errno);
    }
}
