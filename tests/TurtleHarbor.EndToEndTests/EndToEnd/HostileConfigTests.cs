using System.Diagnostics;
using System.Net.Sockets;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// Configs written to hurt (issue 14): alias bombs and special files are refused by validate, up and the completion
/// helper in well under a second each, and the daemon neither grows nor keeps a thread blocked.
/// </summary>
public sealed class HostileConfigTests
{
    // The issue's bound for the refusal itself, on top of what the same command costs on a clean config (process
    // start: milliseconds for the AOT binary, up to a second for the JIT one on a loaded machine).
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(1);

    private static async Task<TimeSpan> BaselineAsync(ThHome th, params string[] args)
    {
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 3; i++)
        {
            var (result, time) = await TimedAsync(th, args);
            Assert.True(result.ExitCode == 0, result.ToString());
            slowest = time > slowest ? time : slowest;
        }

        return slowest + Quick;
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task Billion_laughs_of_depth_4_to_9_are_refused_at_once_by_validate_up_and_completion_and_the_daemon_stays_small()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts: {}\n");
        await th.OkAsync("daemon");
        var daemon = th.DaemonPid()!.Value;
        var validateBound = await BaselineAsync(th, "validate");
        var upBound = await BaselineAsync(th, "up");
        var completeBound = await BaselineAsync(th, "__complete-names");
        var rssBefore = Processes.ResidentBytes(daemon);

        for (var depth = 4; depth <= 9; depth++)
        {
            var bomb = BillionLaughs(depth);
            Assert.True(bomb.Length < 1024, $"depth {depth} is {bomb.Length} bytes");
            th.WriteConfig(bomb);

            var (validate, validateTime) = await TimedAsync(th, "validate");
            Assert.True(validate.ExitCode == 78, $"depth {depth}: {validate}");
            Assert.Contains("too many values (at most 10000 after expanding aliases)", validate.Stdout, StringComparison.Ordinal);
            Assert.True(validateTime < validateBound, $"validate of depth {depth} took {validateTime}");

            var (up, upTime) = await TimedAsync(th, "up");
            Assert.True(up.ExitCode == 78, $"depth {depth}: {up}");
            Assert.Contains("too many values", up.Stderr, StringComparison.Ordinal);
            Assert.True(upTime < upBound, $"up of depth {depth} took {upTime}");

            var (complete, completeTime) = await TimedAsync(th, "__complete-names");
            Assert.Equal("", complete.Stdout);
            Assert.True(completeTime < completeBound, $"completion of depth {depth} took {completeTime}");
        }

        var growth = Processes.ResidentBytes(daemon) - rssBefore;
        Assert.True(growth < 10 << 20, $"the daemon's RSS grew by {growth} bytes");
    }

    [LinuxFact(Timeout = 120_000)]
    public async Task Special_files_as_config_get_a_clear_error_at_once_and_leave_no_daemon_thread_blocked()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  web:\n    command: exec sleep 60\n");
        await th.OkAsync("daemon");
        var daemon = th.DaemonPid()!.Value;
        var fifo = Path.Combine(th.Root, "fifo.yml");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var socketPath = Path.Combine(th.Root, "s.yml");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var bound = await BaselineAsync(th, "validate");
        var threadsBefore = Threads(daemon);

        (string Path, string Words)[] cases =
        [
            ("/dev/zero", "it is a character device, not a regular file"),
            ("/dev/urandom", "it is a character device, not a regular file"),
            (fifo, "it is a named pipe (FIFO), not a regular file"),
            (th.Root, "it is a directory, not a regular file"),
            (socketPath, "it is a socket, not a regular file"),
        ];
        foreach (var (path, words) in cases)
        {
            foreach (var command in new[] { "validate", "up" })
            {
                var (result, time) = await TimedAsync(th, "-c", path, command);
                Assert.True(result.ExitCode == 74, $"{command} -c {path}: {result}");
                Assert.Equal($"th: cannot read config file {path}: {words}", result.Stderr.Trim());
                Assert.True(time < bound, $"{command} -c {path} took {time}");
            }
        }

        Assert.True(Threads(daemon) <= threadsBefore + 2, $"daemon threads went from {threadsBefore} to {Threads(daemon)}");
        await th.OkAsync("ps");
    }

    private static async Task<(ThResult Result, TimeSpan Time)> TimedAsync(ThHome th, params string[] args)
    {
        var watch = Stopwatch.StartNew();
        var result = await th.RunAsync(args);
        return (result, watch.Elapsed);
    }

    private static int Threads(int pid) => int.Parse(ProcFs.StatusField(pid, "Threads"));

    /// <summary>The classic: each level a list of ten aliases of the level before.</summary>
    private static string BillionLaughs(int depth)
    {
        var lines = new List<string> { "x-l0: &l0 lol" };
        for (var level = 1; level <= depth; level++)
        {
            lines.Add($"x-l{level}: &l{level} [{string.Join(",", Enumerable.Repeat($"*l{level - 1}", 10))}]");
        }

        lines.Add($"scripts: {{ web: {{ command: echo, env: {{ A: *l{depth} }} }} }}");
        return string.Join('\n', lines) + "\n";
    }
}
