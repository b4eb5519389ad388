using System.Collections.Immutable;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// Starts children with posix_spawn (never fork in managed code, never Process.Start): the child
/// leads a new process group (or session) before any of its code runs, every signal is back to
/// its default (SIGPIPE included), nothing is blocked, stdin is /dev/null and no fd of ours leaks.
/// </summary>
internal static unsafe class ProcessSpawner
{
    private const string DevNull = "/dev/null";

    public static SpawnedProcess Spawn(SpawnRequest request)
    {
        Validate(request);
        var executable = request.Executable;
        var arguments = request.Arguments;

        using var actions = new SpawnFileActions();
        if (!actions.TryAddChdir(request.WorkingDirectory))
        {
            (executable, arguments) = ChdirTrampoline(request);
        }

        if (request.Stdio == SpawnStdio.Terminal)
        {
            return SpawnOnTerminal(request, executable, arguments, actions);
        }

        actions.AddOpen(0, DevNull, NativeFlags.O_RDONLY);
        SafeFileHandle? stdoutRead = null, stdoutWrite = null, stderrRead = null, stderrWrite = null;
        try
        {
            if (request.Stdio == SpawnStdio.Pipes)
            {
                (stdoutRead, stdoutWrite) = NativePipe.Create();
                (stderrRead, stderrWrite) = NativePipe.Create();
                actions.AddDup2(Fd(stdoutWrite), 1);
                actions.AddDup2(Fd(stderrWrite), 2);
            }
            else
            {
                actions.AddOpen(1, DevNull, NativeFlags.O_WRONLY);
                actions.AddOpen(2, DevNull, NativeFlags.O_WRONLY);
            }

            if (OperatingSystem.IsLinux())
            {
                actions.TryAddCloseFrom(3);
            }

            var pid = SpawnCore(request, executable, arguments, actions);
            return new SpawnedProcess(pid, pid, stdoutRead, stderrRead);
        }
        catch
        {
            stdoutRead?.Dispose();
            stderrRead?.Dispose();
            throw;
        }
        finally
        {
            // The child holds its own copies; ours must go or EOF never comes.
            stdoutWrite?.Dispose();
            stderrWrite?.Dispose();
        }
    }

    /// <summary>The child's stdin, stdout and stderr are the replica of a new pseudo-terminal; the master comes back.</summary>
    private static SpawnedProcess SpawnOnTerminal(SpawnRequest request, string executable, ImmutableArray<string> arguments, SpawnFileActions actions)
    {
        var terminal = PseudoTerminal.Open(request.TerminalSize);
        try
        {
            var replica = Fd(terminal.Replica);
            actions.AddDup2(replica, 0);
            actions.AddDup2(replica, 1);
            actions.AddDup2(replica, 2);
            if (OperatingSystem.IsLinux())
            {
                actions.TryAddCloseFrom(3);
            }

            var pid = SpawnCore(request, executable, arguments, actions);
            return new SpawnedProcess(pid, pid, null, null, new TerminalReader(terminal.Master));
        }
        catch
        {
            terminal.Master.Dispose();
            throw;
        }
        finally
        {
            // The child holds its own copies; ours must go or the master never sees the end.
            terminal.Replica.Dispose();
        }
    }

    private static int SpawnCore(SpawnRequest request, string executable, ImmutableArray<string> arguments, SpawnFileActions actions)
    {
        using var attributes = new SpawnAttributes(request.NewSession);
        using var path = new Utf8StringArray([executable]);
        using var argv = new Utf8StringArray(arguments);
        using var envp = new Utf8StringArray(request.Environment.Select(pair => $"{pair.Key}={pair.Value}").ToArray());

        int pid;
        var error = Libc.posix_spawn(&pid, path[0], actions.Pointer, attributes.Pointer, argv.Pointer, envp.Pointer);
        if (error != 0)
        {
            throw new NativeCallException("posix_spawn", error, Diagnose(error, request));
        }

        return pid;
    }

    private static void Validate(SpawnRequest request)
    {
        if (!Path.IsPathRooted(request.Executable))
        {
            throw new ArgumentException($"The executable must be an absolute path: {request.Executable}", nameof(request));
        }

        if (request.Arguments.IsDefaultOrEmpty)
        {
            throw new ArgumentException("argv must hold at least argv[0].", nameof(request));
        }

        foreach (var name in request.Environment.Keys)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Invalid environment variable name: '{name}'", nameof(request));
            }
        }
    }

    // glibc before 2.29 has no addchdir_np: let a shell change directory and exec the real
    // program (whose argv[0] then becomes its path). Check the directory first so a missing one
    // still fails at once, like the native action does.
    internal static (string Executable, ImmutableArray<string> Arguments) ChdirTrampoline(SpawnRequest request)
    {
        if (!Directory.Exists(request.WorkingDirectory))
        {
            throw new NativeCallException("chdir", Errno.ENOENT, $"working directory '{request.WorkingDirectory}' does not exist");
        }

        var arguments = ImmutableArray.Create("sh", "-c", "cd -- \"$0\" && exec \"$@\"", request.WorkingDirectory, request.Executable)
            .AddRange(request.Arguments.Skip(1));
        return ("/bin/sh", arguments);
    }

    private static string Diagnose(int error, SpawnRequest request)
    {
        if (error == Errno.ENOENT || error == Errno.ENOTDIR)
        {
            if (!Directory.Exists(request.WorkingDirectory))
            {
                return $"working directory '{request.WorkingDirectory}' does not exist";
            }

            if (!File.Exists(request.Executable))
            {
                return $"executable '{request.Executable}' does not exist";
            }
        }

        return $"executable '{request.Executable}', working directory '{request.WorkingDirectory}'";
    }

    private static int Fd(SafeFileHandle handle) => (int)handle.DangerousGetHandle();
}
