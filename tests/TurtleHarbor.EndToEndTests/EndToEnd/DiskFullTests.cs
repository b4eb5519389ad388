using System.Diagnostics;

namespace TurtleHarbor.Tests.EndToEnd;

public sealed class DiskFullTests
{
    [LinuxRootFact(Timeout = 180_000)]
    public async Task A_full_disk_loses_counted_lines_keeps_the_script_running_and_recovers()
    {
        await using var th = new ThHome();
        var logs = Path.Combine(th.Root, "tiny");
        Directory.CreateDirectory(logs);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", logs);
        try
        {
            var filler = Path.Combine(logs, "filler");
            await RunAsync("dd", "if=/dev/zero", $"of={filler}", "bs=1k", "count=240");
            th.WriteConfig($$"""
                settings:
                  log_dir: {{logs}}
                scripts:
                  writer:
                    command: for i in $(seq 1 3000); do echo "line $i padded to make it longer than usual"; done; touch phase1; while [ ! -f go ]; do sleep 0.05; done; echo after
                """);

            await th.OkAsync("up");
            await WaitForFileAsync(Path.Combine(th.Project, "phase1"));
            Assert.Equal("running", (await th.PsRowAsync("writer")).Status);
            // Space comes back only once the daemon met the full disk: its writer may hold the lines a while (batching).
            await WaitForTextAsync(Path.Combine(th.LogDir, "daemon.log"), "cannot write its log");
            File.Delete(filler);
            File.WriteAllText(Path.Combine(th.Project, "go"), "");

            await th.WaitForStatusAsync("writer", "exited");
            var log = Path.Combine(logs, "writer.log");
            await WaitForTextAsync(log, "[stdout] after");
            var lines = File.ReadAllLines(log);
            var lost = lines.Single(l => l.Contains("[th] lost "));
            var lostCount = int.Parse(lost.Split("[th] lost ")[1].Split(' ')[0]);
            var kept = lines.Count(l => l.Contains("[stdout] line "));
            Assert.True(lostCount > 0);
            Assert.Equal(3000, kept + lostCount);
            Assert.Equal(0, (await th.PsRowAsync("writer")).ExitCode);
            Assert.Contains("cannot write its log", File.ReadAllText(Path.Combine(th.LogDir, "daemon.log")));
        }
        finally
        {
            await th.OkAsync("daemon", "stop");
            await RunAsync("umount", "-l", logs);
        }
    }

    private static Task WaitForFileAsync(string path) =>
        Eventually.TrueAsync(() => File.Exists(path), $"{path} to appear", TimeSpan.FromSeconds(60), every: TimeSpan.FromMilliseconds(50));

    private static Task WaitForTextAsync(string path, string text) =>
        Eventually.TrueAsync(
            () => File.Exists(path) && File.ReadAllText(path).Contains(text),
            $"'{text}' in {path}",
            TimeSpan.FromSeconds(60),
            every: TimeSpan.FromMilliseconds(50));

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
    }
}
