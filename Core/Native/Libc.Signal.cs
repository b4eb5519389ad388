using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

internal static unsafe partial class Libc
{
    /// <summary>kill(2): https://man7.org/linux/man-pages/man2/kill.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int kill(int pid, int sig);

    /// <summary>killpg(3): https://man7.org/linux/man-pages/man3/killpg.3.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int killpg(int pgrp, int sig);

    /// <summary>signal(2): https://man7.org/linux/man-pages/man2/signal.2.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial nint signal(int signum, nint handler);

    /// <summary>
    /// sigaction(2): https://man7.org/linux/man-pages/man2/sigaction.2.html. Only used to query;
    /// the struct is opaque to us except sa_handler at offset 0 (glibc and Darwin alike).
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int sigaction(int signum, void* act, void* oldact);

    /// <summary>sigemptyset(3): https://man7.org/linux/man-pages/man3/sigemptyset.3.html</summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int sigemptyset(void* set);
}
