using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Owns a posix_spawnattr_t. The type is never mirrored: glibc x64 needs 336 bytes, Darwin a
/// pointer, so a zeroed 1 KiB block fits both and _init/_destroy do the rest.
/// </summary>
internal sealed unsafe class SpawnAttributes : IDisposable
{
    private const int BlockSize = 1024;
    private void* _attr;

    public SpawnAttributes(bool newSession)
    {
        _attr = NativeMemory.AllocZeroed(BlockSize);
        var error = Libc.posix_spawnattr_init(_attr);
        if (error != 0)
        {
            NativeMemory.Free(_attr);
            _attr = null;
            throw new NativeCallException("posix_spawnattr_init", error);
        }

        try
        {
            Configure(newSession);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void* Pointer => _attr != null ? _attr : throw new ObjectDisposedException(nameof(SpawnAttributes));

    public void Dispose()
    {
        if (_attr != null)
        {
            _ = Libc.posix_spawnattr_destroy(_attr);
            NativeMemory.Free(_attr);
            _attr = null;
        }
    }

    private void Configure(bool newSession)
    {
        // A new session also makes the child a group leader, so SETPGROUP is only for the normal case.
        int flags = NativeFlags.POSIX_SPAWN_SETSIGDEF | NativeFlags.POSIX_SPAWN_SETSIGMASK
            | (newSession ? NativeFlags.POSIX_SPAWN_SETSID : NativeFlags.POSIX_SPAWN_SETPGROUP);
        if (OperatingSystem.IsMacOS())
        {
            // macOS has no pipe2 and no closefrom action: close every fd the file actions do not name.
            flags |= NativeFlags.POSIX_SPAWN_CLOEXEC_DEFAULT;
        }

        Check("posix_spawnattr_setflags", Libc.posix_spawnattr_setflags(_attr, (short)flags));
        if (!newSession)
        {
            Check("posix_spawnattr_setpgroup", Libc.posix_spawnattr_setpgroup(_attr, 0));
        }

        // .NET ignores SIGPIPE and the child would inherit that: reset every signal to its default,
        // and start with nothing blocked, whatever the calling thread had blocked. Not sigfillset:
        // glibc's leaves out its internal signals 32 and 33, which its posix_spawn then sets to
        // SIG_IGN in the child. All ones is the truly full set on glibc (128 bytes) and Darwin (4).
        var set = NativeMemory.AllocZeroed(BlockSize);
        try
        {
            new Span<byte>(set, BlockSize).Fill(0xFF);
            Check("posix_spawnattr_setsigdefault", Libc.posix_spawnattr_setsigdefault(_attr, set));
            CheckErrno("sigemptyset", Libc.sigemptyset(set));
            Check("posix_spawnattr_setsigmask", Libc.posix_spawnattr_setsigmask(_attr, set));
        }
        finally
        {
            NativeMemory.Free(set);
        }
    }

    private static void Check(string function, int error)
    {
        if (error != 0)
        {
            throw new NativeCallException(function, error);
        }
    }

    private static void CheckErrno(string function, int result)
    {
        if (result != 0)
        {
            throw new NativeCallException(function, Marshal.GetLastPInvokeError());
        }
    }
}
