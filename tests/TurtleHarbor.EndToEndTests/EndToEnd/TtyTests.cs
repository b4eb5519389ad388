namespace TurtleHarbor.Tests.EndToEnd;

/// <summary><c>tty: true</c>: the script runs on a pseudo-terminal (CONTRACTS.md §2 and §6).</summary>
public sealed class TtyTests
{
    [Fact(Timeout = 60_000)]
    public async Task Stdout_and_stderr_keep_their_order_as_one_tty_stream()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              both:
                command: for i in $(seq 1 1000); do echo "out $i"; echo "err $i" >&2; done
                tty: true
            """);
        await th.OkAsync("up");
        await th.WaitForLogAsync("both", "[th] exited");

        var lines = LogFiles.Texts(th.LogOf("both")).Where(t => !t.StartsWith("[th]", StringComparison.Ordinal)).ToList();
        var expected = Enumerable.Range(1, 1000).SelectMany(i => new[] { $"[tty] out {i}", $"[tty] err {i}" }).ToList();
        Assert.Equal(expected, lines);
    }

    [Fact(Timeout = 60_000)]
    public async Task Inside_isatty_holds_the_size_is_set_and_a_script_that_ends_with_its_stdin_keeps_running()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              term:
                command: '[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo "isatty yes"; stty size; cat; echo "stdin closed"'
                tty: true
                tty_size: 100x30
              piped:
                command: '[ -t 1 ] || echo "isatty no"; cat; echo "stdin closed"'
            """);
        await th.OkAsync("up");
        await th.WaitForLogAsync("term", "[tty] 30 100");
        await th.WaitForLogAsync("piped", "[stdout] stdin closed");

        Assert.Contains("[tty] isatty yes", LogFiles.Texts(th.LogOf("term")));
        Assert.Contains("[stdout] isatty no", LogFiles.Texts(th.LogOf("piped")));
        // The piped script has already seen its stdin end; the terminal's never does.
        Assert.Equal("running", (await th.PsRowAsync("term")).Status);
        Assert.DoesNotContain(LogFiles.Texts(th.LogOf("term")), t => t.Contains("stdin closed", StringComparison.Ordinal));
    }
}
