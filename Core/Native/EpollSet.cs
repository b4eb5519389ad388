using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// A Linux epoll set whose descriptors are all one-shot (epoll_ctl(2), EPOLLONESHOT): a descriptor reports
/// readiness once and stays silent until <see cref="Rearm"/>, so a script that writes its pipe in thousands of
/// small writes wakes the reader once, not once per write. Each descriptor carries a caller-chosen 64-bit key.
/// Used from one thread (the capture reader), except <see cref="Wake"/>; the descriptors stay owned by the caller.
/// </summary>
internal sealed unsafe class EpollSet : IDisposable
{
    // sys/epoll.h
    private const uint EPOLLIN = 0x001;
    private const uint EPOLLONESHOT = 1u << 30;
    private const int EPOLL_CTL_ADD = 1;
    private const int EPOLL_CTL_DEL = 2;
    private const int EPOLL_CTL_MOD = 3;

    // fcntl.h (Linux): F_GETFL, F_SETFL.
    private const int F_GETFL = 3;
    private const int F_SETFL = 4;

    // struct epoll_event is __attribute__((packed)) on x86-64 only: { u32 events; u64 data } is 12 bytes
    // there and 16 (data at offset 8) on arm64.
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    // The wake-up pipe's key; callers' keys are never negative.
    private const long WakeKey = -1;

    private readonly SafeFileHandle _epoll;
    private readonly SafeFileHandle _wakeRead;
    private readonly SafeFileHandle _wakeWrite;
    private readonly byte[] _events;

    private EpollSet(SafeFileHandle epoll, SafeFileHandle wakeRead, SafeFileHandle wakeWrite, int maxEvents)
    {
        _epoll = epoll;
        _wakeRead = wakeRead;
        _wakeWrite = wakeWrite;
        _events = new byte[maxEvents * EventSize];
    }

    /// <summary>A new set reporting at most <paramref name="maxEvents"/> descriptors per <see cref="Wait"/>; null on other systems than Linux.</summary>
    /// <exception cref="NativeCallException">epoll_create1 failed (EMFILE, ENOMEM).</exception>
    public static EpollSet? TryCreate(int maxEvents)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var (wakeRead, wakeWrite) = NativePipe.CreateNonBlocking();
        int fd = Libc.epoll_create1(NativeFlags.O_CLOEXEC);
        int errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        // Made even when epoll_create1 failed, so that one Dispose closes the wake-up pipe too.
        var set = new EpollSet(new SafeFileHandle(fd, ownsHandle: true), wakeRead, wakeWrite, maxEvents);
        try
        {
            if (fd < 0) throw new NativeCallException("epoll_create1", errno);
            set.Add(wakeRead, WakeKey);
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>Adds <paramref name="fd"/>, armed for one report of readability (or hang-up) under <paramref name="key"/>.</summary>
    /// <exception cref="NativeCallException">epoll_ctl failed (ENOMEM, ENOSPC: the user's max_user_watches).</exception>
    public void Add(SafeHandle fd, long key) => Control(EPOLL_CTL_ADD, fd, key, "epoll_ctl(ADD)");

    /// <summary>Arms <paramref name="fd"/> again after its report; reports at once if it is readable now.</summary>
    /// <exception cref="NativeCallException">epoll_ctl failed.</exception>
    public void Rearm(SafeHandle fd, long key) => Control(EPOLL_CTL_MOD, fd, key, "epoll_ctl(MOD)");

    /// <summary>Removes <paramref name="fd"/> (before it is closed); never throws.</summary>
    public void Remove(SafeHandle fd)
    {
        byte* ignored = stackalloc byte[16];
        _ = Libc.epoll_ctl(_epoll, EPOLL_CTL_DEL, Descriptor(fd), ignored);
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> (-1: forever) and writes the keys of the descriptors
    /// that became ready into <paramref name="keys"/>; returns how many (0 on timeout or EINTR).
    /// </summary>
    /// <exception cref="NativeCallException">epoll_wait failed other than by EINTR.</exception>
    public int Wait(Span<long> keys, int timeoutMilliseconds)
    {
        int count;
        fixed (byte* events = _events)
        {
            count = Libc.epoll_wait(_epoll, events, Math.Min(keys.Length, _events.Length / EventSize), timeoutMilliseconds);
            if (count < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR) return 0;
                throw new NativeCallException("epoll_wait", errno);
            }

            int kept = 0;
            for (int i = 0; i < count; i++)
            {
                long key = *(long*)(events + i * EventSize + DataOffset);
                if (key == WakeKey)
                {
                    DrainWakePipe();
                    Rearm(_wakeRead, WakeKey);
                }
                else
                {
                    keys[kept++] = key;
                }
            }
            count = kept;
        }
        return count;
    }

    /// <summary>Makes the current or next <see cref="Wait"/> return; any thread, never throws (also after disposal).</summary>
    public void Wake()
    {
        bool added = false;
        try
        {
            // AddRef throws once disposed, so a late wake never writes to a recycled descriptor number.
            _wakeWrite.DangerousAddRef(ref added);
            byte one = 1;
            // EAGAIN means the pipe is full: a wake-up is already pending.
            _ = Libc.write((int)_wakeWrite.DangerousGetHandle(), &one, 1);
        }
        catch (ObjectDisposedException)
        {
            // The reader is gone: nothing to wake.
        }
        finally
        {
            if (added) _wakeWrite.DangerousRelease();
        }
    }

    private void DrainWakePipe()
    {
        byte* buffer = stackalloc byte[64];
        // The wake pipe is read only here, on the set's own thread.
        while (Libc.read((int)_wakeRead.DangerousGetHandle(), buffer, 64) > 0)
        {
        }
    }

    /// <summary>Sets O_NONBLOCK on this descriptor's open file (fcntl(2) F_SETFL), so a read of an empty pipe returns EAGAIN.</summary>
    /// <exception cref="NativeCallException">fcntl failed.</exception>
    public static void SetNonBlocking(SafeHandle fd)
    {
        int flags = Libc.fcntl_int(fd, F_GETFL, 0);
        if (flags < 0 || Libc.fcntl_int(fd, F_SETFL, flags | NativeFlags.O_NONBLOCK) < 0)
        {
            throw new NativeCallException("fcntl(O_NONBLOCK)", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>read(2) into <paramref name="buffer"/>: the byte count (0 at EOF), or -1 with <paramref name="errno"/> set.</summary>
    public static int Read(SafeHandle fd, Span<byte> buffer, out int errno)
    {
        bool added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            nint result;
            fixed (byte* bytes = buffer)
            {
                result = Libc.read((int)fd.DangerousGetHandle(), bytes, (nuint)buffer.Length);
            }
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            return (int)result;
        }
        finally
        {
            if (added) fd.DangerousRelease();
        }
    }

    public void Dispose()
    {
        _epoll.Dispose();
        _wakeWrite.Dispose();
        _wakeRead.Dispose();
    }

    private void Control(int operation, SafeHandle fd, long key, string name)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = EPOLLIN | EPOLLONESHOT;
        *(long*)(ev + DataOffset) = key;
        if (Libc.epoll_ctl(_epoll, operation, Descriptor(fd), ev) < 0)
        {
            throw new NativeCallException(name, Marshal.GetLastPInvokeError());
        }
    }

    // The reader thread alone adds, re-arms, removes and closes its descriptors, so the number cannot be
    // closed and reused between this read of it and the call.
    private static int Descriptor(SafeHandle fd) => (int)fd.DangerousGetHandle();
}
