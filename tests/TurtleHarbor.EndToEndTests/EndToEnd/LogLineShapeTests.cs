using System.Globalization;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Output that users expect to see (CONTRACTS.md §6): unfinished lines, progress bars, control bytes, Python.</summary>
public sealed class LogLineShapeTests
{
    private static DateTimeOffset TimeOf(string line) =>
        DateTimeOffset.ParseExact(line[..line.IndexOf(' ')], "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string LineOf(string path, string endsWith) =>
        File.ReadAllLines(path).First(l => l.EndsWith(endsWith, StringComparison.Ordinal));

    [Fact(Timeout = 60_000)]
    public async Task A_prompt_without_a_newline_shows_in_logs_and_logs_f_within_2s_while_the_script_runs()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  ask:\n    command: \"printf 'Password: '; sleep 60\"\n");
        await th.OkAsync("up");
        await using var follower = new ThFollower(th, "ask");
        await follower.WaitForAsync(lines => lines.Any(l => l.EndsWith("[stdout] Password: ", StringComparison.Ordinal)), "the prompt");
        await th.WaitForLogAsync("ask", "[stdout] Password: "); // followers see a line before its buffer reaches the file

        var started = LineOf(th.LogOf("ask"), "[th] started pid " + (await th.PsRowAsync("ask")).Pid + " (up)");
        var prompt = LineOf(th.LogOf("ask"), "[stdout] Password: ");
        Assert.True(TimeOf(prompt) - TimeOf(started) < TimeSpan.FromSeconds(2), $"{started}\n{prompt}");
        Assert.Equal("running", (await th.PsRowAsync("ask")).Status);
        Assert.Contains("[stdout] Password: ", (await th.OkAsync("logs", "ask")).Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_carriage_return_progress_loop_stores_about_a_frame_a_second_and_logs_print_no_carriage_return()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              bar:
                command: for i in $(seq 1 50); do printf '\r%3d%% [####]' $i; sleep 0.05; done; printf '\n'; echo done
            """);
        await th.OkAsync("up");
        await th.WaitForLogAsync("bar", "[stdout] done");

        var output = (await th.OkAsync("logs", "bar")).Stdout;
        Assert.DoesNotContain('\r', output);
        var frames = output.Split('\n').Where(l => l.Contains("% [####]", StringComparison.Ordinal)).ToList();
        Assert.InRange(frames.Count, 1, 5); // 2.5 s of frames: one a second and the last, not 50
        Assert.EndsWith("[stdout]  50% [####]", frames[^1]);
        Assert.DoesNotContain(output.Split('\n'), l => l.EndsWith("[stdout] ", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_NUL_byte_is_stored_as_a_replacement_character()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  nul:\n    command: printf 'a\\000b\\n'\n");
        await th.OkAsync("up");
        await th.WaitForLogAsync("nul", "[th] exited");

        Assert.Contains("[stdout] a\uFFFDb", LogFiles.Texts(th.LogOf("nul")));
        Assert.DoesNotContain((byte)0, File.ReadAllBytes(th.LogOf("nul")));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_Python_script_shows_its_lines_within_a_second_although_stdout_is_a_pipe()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  py:\n    command: python3 -c 'import time; print(\"hello from python\"); time.sleep(60)'\n");
        await th.OkAsync("up");
        await th.WaitForLogAsync("py", "[stdout] hello from python");

        var started = LineOf(th.LogOf("py"), " (up)");
        var hello = LineOf(th.LogOf("py"), "[stdout] hello from python");
        Assert.True(TimeOf(hello) - TimeOf(started) < TimeSpan.FromSeconds(1), $"{started}\n{hello}");
        Assert.Equal("running", (await th.PsRowAsync("py")).Status);
    }
}
