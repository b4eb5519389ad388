using System.Text.RegularExpressions;

namespace TurtleHarbor.Tests.Core.Native;

/// <summary>
/// No Mac runs these tests, so a P/Invoke that libSystem lacks would only fail on a user's Mac, at its
/// first call. Every import outside Libc.Linux.cs must be a libSystem function named here, each checked
/// by hand against Apple's headers (xnu-11417.101.15 and Libc-1725.0.11, apple-oss-distributions); the
/// macOS-only ones live in Libc.MacOS.cs and nowhere else.
/// </summary>
public sealed partial class MacOnlyImportsTests
{
    /// <summary>Function, and the Apple header that declares it.</summary>
    private static readonly Dictionary<string, string> LibSystem = new()
    {
        ["close"] = "Libc include/unistd.h",
        ["pipe"] = "Libc include/unistd.h",
        ["read"] = "Libc include/unistd.h",
        ["write"] = "Libc include/unistd.h",
        ["geteuid"] = "Libc include/unistd.h",
        ["getrlimit"] = "xnu bsd/sys/resource.h (RLIMIT_NOFILE 8; struct rlimit: two rlim_t, __uint64_t; RLIM_INFINITY 2^63-1)",
        ["getpeereid"] = "Libc include/unistd.h",
        ["ioctl"] = "xnu bsd/sys/ioctl.h",
        ["kill"] = "Libc include/signal.h",
        ["killpg"] = "Libc include/signal.h",
        ["sigaction"] = "Libc include/signal.h",
        ["sigemptyset"] = "Libc include/signal.h",
        ["signal"] = "xnu bsd/sys/signal.h",
        ["waitpid"] = "xnu bsd/sys/wait.h",
        ["poll"] = "xnu bsd/sys/poll.h",
        ["sysctl"] = "xnu bsd/sys/sysctl.h",
        ["getsockopt"] = "xnu bsd/sys/socket.h",
        ["proc_name"] = "xnu libsyscall/wrappers/libproc/libproc.h",
        ["proc_listpids"] = "xnu libsyscall/wrappers/libproc/libproc.h (PROC_PGRP_ONLY 2 in bsd/sys/proc_info.h)",
        ["proc_pidinfo"] = "xnu libsyscall/wrappers/libproc/libproc.h (PROC_PIDTASKINFO 4, struct proc_taskinfo; PROC_PIDLISTFDS 1, struct proc_fdinfo of 8 bytes; bsd/sys/proc_info.h)",
        ["mach_timebase_info"] = "xnu osfmk/mach/mach_time.h",
        ["posix_spawn"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawnattr_init"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawnattr_destroy"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawnattr_setflags"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawnattr_setpgroup"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawnattr_setsigdefault"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawnattr_setsigmask"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawn_file_actions_init"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawn_file_actions_destroy"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawn_file_actions_addopen"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawn_file_actions_adddup2"] = "xnu libsyscall/wrappers/spawn/spawn.h",
        ["posix_spawn_file_actions_addchdir_np"] = "xnu libsyscall/wrappers/spawn/spawn.h, macOS 10.15+",
        ["open"] = "xnu bsd/sys/fcntl.h",
        ["tcgetattr"] = "xnu bsd/sys/termios.h",
        ["tcsetattr"] = "xnu bsd/sys/termios.h (TCSANOW 0)",
        ["cfmakeraw"] = "xnu bsd/sys/termios.h",
        ["ftruncate"] = "Libc include/unistd.h",
        ["posix_openpt"] = "Libc include/stdlib.h",
        ["grantpt"] = "Libc include/stdlib.h",
        ["unlockpt"] = "Libc include/stdlib.h",
        ["ptsname"] = "Libc include/stdlib.h",
        ["stat"] = "xnu bsd/sys/stat.h (arm64: 64-bit inodes under the plain name)",
        ["fstat"] = "xnu bsd/sys/stat.h (arm64)",
        ["stat$INODE64"] = "xnu bsd/sys/stat.h (x64: the __DARWIN_INODE64 variant, sys/cdefs.h)",
        ["fstat$INODE64"] = "xnu bsd/sys/stat.h (x64)",
    };

    /// <summary>
    /// Imports only macOS has or only macOS uses: Linux (glibc) has no getpeereid, th reads process records there
    /// from /proc, and its stat layout differs (Linux uses statx).
    /// </summary>
    private static readonly string[] MacOnly = ["getpeereid", "sysctl", "stat", "fstat", "stat$INODE64", "fstat$INODE64", "proc_listpids", "proc_name", "proc_pidinfo", "mach_timebase_info"];

    private static string NativeDir { get; } = Path.Combine(FindRoot(), "Core", "Native");

    [Fact]
    public void Every_import_outside_the_Linux_file_is_a_verified_libSystem_function()
    {
        var imports = Directory.GetFiles(NativeDir, "*.cs")
            .Where(f => Path.GetFileName(f) != "Libc.Linux.cs")
            .SelectMany(f => Imports(f).Select(name => (File: Path.GetFileName(f), Name: name)))
            .ToList();

        Assert.NotEmpty(imports);
        Assert.All(imports, i => Assert.True(LibSystem.ContainsKey(i.Name), $"{i.File} imports {i.Name}, which is not on the verified libSystem list"));
    }

    [Fact]
    public void The_macOS_file_holds_exactly_the_macOS_only_imports()
    {
        Assert.Equal(MacOnly.Order(), Imports(Path.Combine(NativeDir, "Libc.MacOS.cs")).Order());
    }

    [Fact]
    public void Nothing_outside_Core_Native_imports_a_native_function()
    {
        var root = FindRoot();
        var outside = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(NativeDir, StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Imports(f).Any())
            .ToList();

        Assert.Empty(outside);
    }

    /// <summary>The C symbols a file imports: the EntryPoint where one is given, else the method's name.</summary>
    private static IEnumerable<string> Imports(string file) =>
        ImportDeclaration().Matches(File.ReadAllText(file))
            .Select(m => m.Groups["entry"].Success ? m.Groups["entry"].Value : m.Groups["name"].Value);

    [GeneratedRegex(@"\[(?:LibraryImport|DllImport)\((?:[^\]]*?EntryPoint\s*=\s*""(?<entry>[^""]+)"")?[^\]]*\)\]\s*(?:internal|public|private)?\s*static\s+(?:unsafe\s+)?(?:partial\s+|extern\s+)[\w\*]+\s+(?<name>\w+)\s*\(")]
    private static partial Regex ImportDeclaration();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TurtleHarbor.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (TurtleHarbor.slnx)");
    }
}
