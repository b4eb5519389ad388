using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Which file a path or an open descriptor is (device and inode), and its size: enough to tell that a log
/// file was moved, deleted or truncated under its writer. Offsets are from statx(2) on Linux (one layout for
/// every architecture) and from struct stat with 64-bit inodes in macOS's sys/stat.h.
/// </summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, long Size)
{
    private const int BufferSize = 256;

    // statx(2): AT_FDCWD, AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, STATX_INO | STATX_SIZE, and the field offsets.
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxIno = 0x100;
    private const uint StatxSize = 0x200;
    private const int StatxInoOffset = 32;
    private const int StatxSizeOffset = 40;
    private const int StatxDevMajorOffset = 136;
    private const int StatxDevMinorOffset = 140;

    // macOS struct stat (64-bit inode): dev_t st_dev at 0 (int32), ino_t st_ino at 8, off_t st_size at 96.
    private const int DarwinDevOffset = 0;
    private const int DarwinInoOffset = 8;
    private const int DarwinSizeOffset = 96;

    /// <summary>The file at <paramref name="path"/> itself (a symlink is not followed), or null when nothing is there.</summary>
    /// <exception cref="NativeCallException">Any other failure than a missing path.</exception>
    public static unsafe FileIdentity? OfPath(string path)
    {
        using var utf8 = new Utf8StringArray([path]);
        byte* buffer = stackalloc byte[BufferSize];
        int result;
        if (OperatingSystem.IsLinux())
        {
            result = Libc.statx(AtFdCwd, utf8[0], AtSymlinkNoFollow, StatxIno | StatxSize, buffer);
        }
        else
        {
            // Log paths are opened with O_NOFOLLOW, so a symlink never is the open file: following one here
            // only ever reports a mismatch, which reopens and is refused there.
            result = RuntimeInformation.ProcessArchitecture == Architecture.X64
                ? Libc.stat_darwin_x64(utf8[0], buffer)
                : Libc.stat_darwin(utf8[0], buffer);
        }

        if (result == 0)
        {
            return Read(buffer);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == Errno.ENOENT || errno == Errno.ENOTDIR ? null : throw new NativeCallException("stat", errno, path);
    }

    /// <summary>The file an open descriptor refers to.</summary>
    /// <exception cref="NativeCallException">fstat failed (a closed or invalid descriptor).</exception>
    public static unsafe FileIdentity Of(SafeFileHandle handle)
    {
        byte* buffer = stackalloc byte[BufferSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            byte empty = 0;
            int result = OperatingSystem.IsLinux()
                ? Libc.statx(fd, &empty, AtEmptyPath, StatxIno | StatxSize, buffer)
                : RuntimeInformation.ProcessArchitecture == Architecture.X64
                    ? Libc.fstat_darwin_x64(fd, buffer)
                    : Libc.fstat_darwin(fd, buffer);
            return result == 0 ? Read(buffer) : throw new NativeCallException("fstat", Marshal.GetLastPInvokeError());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public bool SameFileAs(FileIdentity other) => Device == other.Device && Inode == other.Inode;

    private static unsafe FileIdentity Read(byte* buffer)
    {
        if (OperatingSystem.IsLinux())
        {
            ulong device = ((ulong)*(uint*)(buffer + StatxDevMajorOffset) << 32) | *(uint*)(buffer + StatxDevMinorOffset);
            return new FileIdentity(device, *(ulong*)(buffer + StatxInoOffset), *(long*)(buffer + StatxSizeOffset));
        }

        return new FileIdentity((uint)*(int*)(buffer + DarwinDevOffset), *(ulong*)(buffer + DarwinInoOffset), *(long*)(buffer + DarwinSizeOffset));
    }
}
