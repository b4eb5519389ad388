using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Owns a posix_spawn_file_actions_t (opaque: 80 bytes on glibc x64, a pointer on Darwin) in a
/// zeroed 1 KiB block.
/// </summary>
internal sealed unsafe class SpawnFileActions : IDisposable
{
    private const int BlockSize = 1024;
    private void* _actions;

    public SpawnFileActions()
    {
        _actions = NativeMemory.AllocZeroed(BlockSize);
        var error = Libc.posix_spawn_file_actions_init(_actions);
        if (error != 0)
        {
            NativeMemory.Free(_actions);
            _actions = null;
            throw new NativeCallException("posix_spawn_file_actions_init", error);
        }
    }

    public void* Pointer => _actions != null ? _actions : throw new ObjectDisposedException(nameof(SpawnFileActions));

    public void AddOpen(int fd, string path, int flags)
    {
        using var utf8 = new Utf8StringArray([path]);
        Check("posix_spawn_file_actions_addopen", Libc.posix_spawn_file_actions_addopen(Pointer, fd, utf8[0], flags, 0));
    }

    public void AddDup2(int fd, int newFd) =>
        Check("posix_spawn_file_actions_adddup2", Libc.posix_spawn_file_actions_adddup2(Pointer, fd, newFd));

    /// <summary>Adds a chdir action; false when libc has no addchdir_np (glibc before 2.29).</summary>
    public bool TryAddChdir(string directory)
    {
        using var utf8 = new Utf8StringArray([directory]);
        try
        {
            Check("posix_spawn_file_actions_addchdir_np", Libc.posix_spawn_file_actions_addchdir_np(Pointer, utf8[0]));
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Closes every fd from <paramref name="lowestFd"/> up in the child, where glibc (2.34+) can.</summary>
    public void TryAddCloseFrom(int lowestFd)
    {
        try
        {
            Check("posix_spawn_file_actions_addclosefrom_np", Libc.posix_spawn_file_actions_addclosefrom_np(Pointer, lowestFd));
        }
        catch (EntryPointNotFoundException)
        {
            // Older glibc: every fd th opens is O_CLOEXEC already; this was a second line of defence.
        }
    }

    public void Dispose()
    {
        if (_actions != null)
        {
            _ = Libc.posix_spawn_file_actions_destroy(_actions);
            NativeMemory.Free(_actions);
            _actions = null;
        }
    }

    private static void Check(string function, int error)
    {
        if (error != 0)
        {
            throw new NativeCallException(function, error);
        }
    }
}
