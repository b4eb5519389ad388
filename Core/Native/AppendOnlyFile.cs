using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// A file opened with <c>O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW</c>: every write lands at the
/// end, whoever else appends or truncates (logrotate's copytruncate), no child inherits it, and a symbolic link
/// at the path is refused rather than followed. Writes go straight to write(2) (FileStream would pwrite at its
/// own idea of the offset). Not thread-safe; one writer owns it.
/// </summary>
internal sealed unsafe class AppendOnlyFile : Stream
{
    private readonly SafeFileHandle _handle;

    private AppendOnlyFile(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
        Identity = FileIdentity.Of(handle);
    }

    public string Path { get; }

    /// <summary>Device and inode of the open file, and its size when it was opened.</summary>
    public FileIdentity Identity { get; }

    public override bool CanRead => false;
    public override bool CanSeek => true;
    public override bool CanWrite => !_handle.IsClosed;

    /// <summary>The file's current size (fstat), including what other writers appended.</summary>
    public override long Length => FileIdentity.Of(_handle).Size;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException("an append-only file has no position of its own");
    }

    /// <summary>Opens (creating with <paramref name="mode"/>) <paramref name="path"/> for appending.</summary>
    /// <exception cref="IOException">A symbolic link is at the path, or open(2) failed (the message says why).</exception>
    public static AppendOnlyFile Open(string path, UnixFileMode mode)
    {
        int flags = NativeFlags.O_WRONLY | NativeFlags.O_CREAT | NativeFlags.O_APPEND | NativeFlags.O_CLOEXEC | NativeFlags.O_NOFOLLOW;
        using var utf8 = new Utf8StringArray([path]);
        int fd;
        do
        {
            fd = OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64
                ? Libc.open_mode_stack(utf8[0], flags, 0, 0, 0, 0, 0, 0, (nint)mode)
                : Libc.open_mode(utf8[0], flags, (uint)mode);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.ELOOP)
            {
                throw new IOException($"{path} is a symbolic link; th does not write a log through one (remove the link)");
            }

            throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            return new AppendOnlyFile(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            var fd = (int)_handle.DangerousGetHandle();
            fixed (byte* start = buffer)
            {
                int done = 0;
                while (done < buffer.Length)
                {
                    var written = Libc.write(fd, start + done, (nuint)(buffer.Length - done));
                    if (written < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == Errno.EINTR)
                        {
                            continue;
                        }

                        throw new IOException($"cannot write {Path}: {Marshal.GetPInvokeErrorMessage(errno)}");
                    }

                    done += (int)written;
                }
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void SetLength(long value)
    {
        if (Libc.ftruncate(_handle, value) != 0)
        {
            throw new IOException($"cannot truncate {Path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>Nothing is buffered here.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) =>
        origin == SeekOrigin.End && offset == 0 ? Length : throw new NotSupportedException("an append-only file has no position of its own");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
