using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>Signal dispositions th must fix before anything else runs.</summary>
internal static unsafe class SignalDispositions
{
    private const int SigactionBlockSize = 1024;

    /// <summary>
    /// A parent that ignores SIGCHLD hands that on, and then the kernel reaps our children itself:
    /// every exit status is lost (ECHILD) and even .NET's Process hangs. Call first thing in Main.
    /// Only an ignored SIGCHLD is reset; an installed handler (the runtime's) is left alone.
    /// </summary>
    public static void ResetChildSignalToDefault()
    {
        var sigchld = SignalNumbers.ToNumber(Signal.Chld);
        if (CurrentHandler(sigchld) == NativeFlags.SIG_IGN
            && Libc.signal(sigchld, NativeFlags.SIG_DFL) == -1)
        {
            throw new NativeCallException("signal", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>
    /// A write to a closed pipe (`th logs -f | head -1`) must fail with EPIPE, which th turns into a quiet exit 0,
    /// not kill th with SIGPIPE. The runtime ignores SIGPIPE when it sets up its own signal handling; this makes
    /// sure of it before any output whichever runtime (JIT or Native AOT) and whatever was inherited. Scripts do
    /// not inherit it: the spawner resets every signal to its default.
    /// </summary>
    public static void IgnoreBrokenPipe()
    {
        var sigpipe = SignalNumbers.ToNumber(Signal.Pipe);
        if (CurrentHandler(sigpipe) == NativeFlags.SIG_DFL
            && Libc.signal(sigpipe, NativeFlags.SIG_IGN) == -1)
        {
            throw new NativeCallException("signal", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>The sa_handler of a signal (SIG_DFL, SIG_IGN or a function address).</summary>
    internal static nint CurrentHandler(int signalNumber)
    {
        // struct sigaction is 152 bytes on glibc x64 and 16 on Darwin; sa_handler is first on both.
        var old = NativeMemory.AllocZeroed(SigactionBlockSize);
        try
        {
            if (Libc.sigaction(signalNumber, null, old) != 0)
            {
                throw new NativeCallException("sigaction", Marshal.GetLastPInvokeError());
            }

            return *(nint*)old;
        }
        finally
        {
            NativeMemory.Free(old);
        }
    }
}
