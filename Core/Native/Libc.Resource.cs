using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

internal static unsafe partial class Libc
{
    /// <summary>
    /// getrlimit(2): https://man7.org/linux/man-pages/man2/getrlimit.2.html (macOS: &lt;sys/resource.h&gt;, same
    /// shape). Fills <paramref name="limit"/>; returns 0 or -1 with errno.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int getrlimit(int resource, ResourceLimit* limit);

    /// <summary>
    /// struct rlimit: soft then hard limit, each an rlim_t, 64 bits on 64-bit Linux (unsigned long) and on
    /// macOS (__uint64_t, xnu bsd/sys/resource.h).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ResourceLimit
    {
        public ulong Soft;
        public ulong Hard;
    }
}
