using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Reads a small file that someone else wrote (a config, an env_file) without trusting what it is: the open is
/// non-blocking, so a FIFO cannot hang the caller; the type is taken from the open fd (no race with a rename);
/// only a regular file is read, and never more than the limit plus one byte.
/// </summary>
internal static unsafe class BoundedFile
{
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_TYPE = 0x1;
    private const int StatxModeOffset = 0x1C;
    private const int MacStatModeOffset = 4;

    /// <summary>What was found at the path.</summary>
    /// <param name="Bytes">The content when <paramref name="Kind"/> is regular: at most the limit plus one byte.</param>
    internal sealed record Result(FileKind Kind, byte[] Bytes)
    {
        public bool IsOverLimit(int limit) => Bytes.Length > limit;
    }

    /// <exception cref="NativeCallException">open, stat or read failed; the errno says why (ENOENT, EACCES, ENXIO for a socket ...).</exception>
    public static Result Read(string path, int limit)
    {
        using var handle = Open(path);
        var kind = KindOf(handle);
        return kind == FileKind.Regular ? new Result(kind, ReadAtMost(handle, limit + 1)) : new Result(kind, []);
    }

    private static SafeFileHandle Open(string path)
    {
        var utf8 = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = utf8)
        {
            int fd;
            do
            {
                fd = Libc.open(p, NativeFlags.O_RDONLY | NativeFlags.O_NONBLOCK | NativeFlags.O_CLOEXEC);
            }
            while (fd < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

            return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw new NativeCallException("open", Marshal.GetLastPInvokeError());
        }
    }

    private static FileKind KindOf(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[512];
        var empty = stackalloc byte[1];
        empty[0] = 0;
        var fd = (int)handle.DangerousGetHandle();
        int result;
        int mode;
        if (OperatingSystem.IsLinux())
        {
            result = Libc.statx(fd, empty, AT_EMPTY_PATH, STATX_TYPE, buffer);
            mode = *(ushort*)(buffer + StatxModeOffset);
        }
        else
        {
            result = RuntimeInformation.ProcessArchitecture == Architecture.X64
                ? Libc.fstat_darwin_x64(fd, buffer)
                : Libc.fstat_darwin(fd, buffer);
            mode = *(ushort*)(buffer + MacStatModeOffset);
        }

        GC.KeepAlive(handle);
        return result == 0 ? (FileKind)(mode & 0xF000) : throw new NativeCallException("stat", Marshal.GetLastPInvokeError());
    }

    private static byte[] ReadAtMost(SafeFileHandle handle, int max)
    {
        var buffer = new byte[Math.Min(max, 64 * 1024)];
        var length = 0;
        while (length < max)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(max, buffer.Length * 2));
            }

            int read;
            fixed (byte* p = buffer)
            {
                read = (int)Libc.read((int)handle.DangerousGetHandle(), p + length, (nuint)(buffer.Length - length));
            }

            if (read < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                throw new NativeCallException("read", errno);
            }

            if (read == 0)
            {
                break;
            }

            length += read;
        }

        GC.KeepAlive(handle);
        return buffer.AsSpan(0, length).ToArray();
    }
}
