using System.Diagnostics;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Issue 14 item 6: a closed stdout (EPIPE) ends a command at once with exit 0, following logs included.</summary>
public sealed class ClosedOutputTests
{
    [Fact(Timeout = 90_000)]
    public async Task Logs_follow_into_head_ends_with_the_pipeline_and_exit_0()
    {
        await using var th = new ThHome();
        th.WriteConfig("scripts:\n  web: { command: 'i=0; while true; do i=$((i+1)); echo line $i; sleep 0.2; done' }\n");
        await th.OkAsync("up");
        await th.WaitForLogAsync("web", "line 2");

        // Only new lines (-n 0), so the first comes while following. Without EPIPE handling th would follow forever into a pipe nobody reads; the bound is only a safety net.
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = th.Project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("\"$TH\" logs web -n 0 -f | head -1; echo \"th exit ${PIPESTATUS[0]}\"");
        start.Environment["TH"] = ThBinary.Path;
        start.Environment["TURTLE_HARBOR_HOME"] = th.Home;
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("TURTLE_HARBOR_CONFIG");
        using var shell = Process.Start(start)!;
        var stdout = shell.StandardOutput.ReadToEndAsync();
        var stderr = shell.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await shell.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            shell.Kill(entireProcessTree: true);
            Assert.Fail("th logs web -f | head -1 was still running after 30 s");
        }

        var lines = (await stdout).TrimEnd().Split('\n');
        Assert.Equal("", await stderr);
        Assert.Equal(2, lines.Length);
        Assert.Contains("[stdout] line ", lines[0], StringComparison.Ordinal);
        Assert.Equal("th exit 0", lines[1]);
    }
}
