using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

// posix_spawn and its helpers return an error number instead of setting errno.
internal static unsafe partial class Libc
{
    /// <summary>posix_spawn(3): https://man7.org/linux/man-pages/man3/posix_spawn.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    /// <summary>posix_spawnattr_init(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_init.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_init(void* attr);

    /// <summary>posix_spawnattr_destroy(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_destroy.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_destroy(void* attr);

    /// <summary>posix_spawnattr_setflags(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_setflags.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_setflags(void* attr, short flags);

    /// <summary>posix_spawnattr_setpgroup(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_setpgroup.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_setpgroup(void* attr, int pgroup);

    /// <summary>posix_spawnattr_setsigdefault(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_setsigdefault.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_setsigdefault(void* attr, void* sigdefault);

    /// <summary>posix_spawnattr_setsigmask(3): https://man7.org/linux/man-pages/man3/posix_spawnattr_setsigmask.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawnattr_setsigmask(void* attr, void* sigmask);

    /// <summary>posix_spawn_file_actions_init(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_init.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawn_file_actions_init(void* actions);

    /// <summary>posix_spawn_file_actions_destroy(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_destroy.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawn_file_actions_destroy(void* actions);

    /// <summary>
    /// posix_spawn_file_actions_addopen(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_addopen.3.html.
    /// mode_t is 16 bits on macOS; callers pass 0, which every ABI extends identically.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int oflag, uint mode);

    /// <summary>posix_spawn_file_actions_adddup2(3): https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_adddup2.3.html</summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newfd);

    /// <summary>
    /// posix_spawn_file_actions_addchdir_np(3), glibc 2.29+ and macOS 10.15+:
    /// https://man7.org/linux/man-pages/man3/posix_spawn_file_actions_addchdir_np.3.html
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial int posix_spawn_file_actions_addchdir_np(void* actions, byte* path);
}
