using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Every exit code of CONTRACTS.md §3, each produced by a real case.</summary>
public sealed class ExitCodeTests
{
    private const string OneScript = "scripts:\n  a:\n    command: exec sleep 1000\n";

    [Fact(Timeout = 60_000)]
    public async Task Version_exits_0()
    {
        await using var th = new ThHome();
        var result = await th.OkAsync("--version");
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_context_is_a_config_error_and_up_starts_nothing()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 60\n  b:\n    command: echo hi\n    context: ./no-such-dir\n");

        var result = await th.RunAsync("up");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"{th.ConfigPath}:6:14: context './no-such-dir' does not exist", result.Stderr);
        var all = await th.OkAsync("ps", "--all", "--json");
        Assert.DoesNotContain("\"running\"", all.Stdout, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Bad_arguments_exit_64()
    {
        await using var th = new ThHome();
        var result = await th.RunAsync("up", "--no-such-option");
        Assert.Equal(64, result.ExitCode);
        Assert.StartsWith("th: ", result.Stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_script_exits_65_and_names_the_known_ones()
    {
        await using var th = new ThHome();
        th.WriteConfig(OneScript);
        var result = await th.RunAsync("up", "nope");
        Assert.Equal(65, result.ExitCode);
        Assert.Contains("nope", result.Stderr);
        Assert.Contains("scripts there: a", result.Stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_config_exits_66()
    {
        await using var th = new ThHome();
        var result = await th.RunAsync("ps");
        Assert.Equal(66, result.ExitCode);
        Assert.Contains("scripts.yml", result.Stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task No_daemon_with_autostart_off_exits_69()
    {
        await using var th = new ThHome();
        th.WriteConfig(OneScript);
        th.Environment["TURTLE_HARBOR_NO_AUTOSTART"] = "1";
        var result = await th.RunAsync("up");
        Assert.Equal(69, result.ExitCode);
        Assert.Null(th.DaemonPid());
    }

    [Fact(Timeout = 60_000)]
    public async Task An_internal_error_reported_by_the_daemon_exits_70()
    {
        await using var th = new ThHome();
        th.WriteConfig(OneScript);
        using var fake = FakeDaemon.Start(th.Home, Encoding.UTF8.GetBytes("""{"type":"error","code":70,"message":"internal error: boom","hint":null}"""));

        var result = await th.RunAsync("ps");

        Assert.Equal(70, result.ExitCode);
        Assert.Contains("boom", result.Stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_home_that_cannot_be_created_exits_74()
    {
        await using var th = new ThHome();
        var blocker = Path.Combine(th.Root, "file");
        File.WriteAllText(blocker, "not a directory");
        th.Environment["TURTLE_HARBOR_HOME"] = Path.Combine(blocker, "home");

        var result = await th.RunAsync("daemon", "--foreground");

        Assert.Equal(74, result.ExitCode);
        Assert.Contains(blocker, result.Stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_daemon_that_answers_garbage_exits_76()
    {
        await using var th = new ThHome();
        th.WriteConfig(OneScript);
        using var fake = FakeDaemon.Start(th.Home, Encoding.UTF8.GetBytes("this is not json"));

        var result = await th.RunAsync("ps");

        Assert.Equal(76, result.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_invalid_config_exits_78_with_line_and_column()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: echo\n    restart_policy: sometimes\n");

        var validate = await th.RunAsync("validate");
        var up = await th.RunAsync("up");

        Assert.Equal(78, validate.ExitCode);
        Assert.Contains("scripts.yml:4:", validate.Stdout);
        Assert.Equal(78, up.ExitCode);
        Assert.Contains("scripts.yml:4:", up.Stderr);
    }

    /// <summary>A stand-in daemon on the home's socket that answers every frame with fixed bytes.</summary>
    private sealed class FakeDaemon : IDisposable
    {
        private readonly Socket _listener;

        private FakeDaemon(Socket listener) => _listener = listener;

        public static FakeDaemon Start(string home, byte[] answer)
        {
            Directory.CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(home, "daemon.sock")));
            listener.Listen();
            _ = ServeAsync(listener, answer);
            return new FakeDaemon(listener);
        }

        private static async Task ServeAsync(Socket listener, byte[] answer)
        {
            try
            {
                while (true)
                {
                    using var connection = await listener.AcceptAsync();
                    using var stream = new NetworkStream(connection);
                    var header = new byte[4];
                    await stream.ReadExactlyAsync(header);
                    await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadInt32LittleEndian(header)]);
                    var frame = new byte[4 + answer.Length];
                    BinaryPrimitives.WriteInt32LittleEndian(frame, answer.Length);
                    answer.CopyTo(frame, 4);
                    await stream.WriteAsync(frame);
                    await Task.Delay(500);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or EndOfStreamException)
            {
                // The test is over.
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
