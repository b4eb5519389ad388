using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

// macOS-only entry points; callers check OperatingSystem.IsMacOS() first. libSystem re-exports
// libsystem_kernel, so "libc" resolves proc_pidinfo as well.
internal static unsafe partial class Libc
{
    /// <summary>getpeereid(3): https://man.freebsd.org/cgi/man.cgi?query=getpeereid&amp;sektion=3</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int getpeereid(int socket, uint* euid, uint* egid);

    /// <summary>
    /// proc_pidinfo, &lt;libproc.h&gt;: https://github.com/apple-oss-distributions/xnu/blob/main/libsyscall/wrappers/libproc/libproc.h
    /// Returns the number of bytes written, or 0 (errno set) when the process does not exist.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int proc_pidinfo(int pid, int flavor, ulong arg, void* buffer, int bufferSize);

    /// <summary>
    /// proc_listpids, &lt;libproc.h&gt; (same header as proc_pidinfo): fills <paramref name="buffer"/>
    /// with the pids of the given kind and returns the number of bytes written, or -1 (errno set).
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int proc_listpids(uint type, uint typeinfo, void* buffer, int bufferSize);

    /// <summary>The proc_listpids types we use (sys/proc_info.h).</summary>
    internal static class ProcListPids
    {
        /// <summary>PROC_PGRP_ONLY: the members of process group typeinfo.</summary>
        public const uint PgrpOnly = 2;
    }

    /// <summary>PROC_PIDTBSDINFO and the struct proc_bsdinfo layout (sys/proc_info.h) we read.</summary>
    internal static class ProcBsdInfo
    {
        public const int Flavor = 3;
        public const int Size = 136;
        public const int StartSecondsOffset = 120;
        public const int StartMicrosecondsOffset = 128;
    }
}
