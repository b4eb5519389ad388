using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// Runs the error paths of issue 14 and fails on any output that looks like a .NET resource key
/// (<c>IO_PathTooLong_Path</c>, <c>Arg_OutOfMemoryException</c>) instead of a sentence, a type name, or a stack trace.
/// </summary>
public sealed partial class ErrorSentenceTests(ITestOutputHelper output)
{
    [LinuxFact(Timeout = 240_000)]
    public async Task Every_error_path_answers_in_sentences()
    {
        await using var th = new ThHome();
        var root = th.Root;
        string Write(string name, string text)
        {
            var path = Path.Combine(root, name);
            File.WriteAllText(path, text);
            return path;
        }

        var bomb = Write("bomb.yml", "x-a: &a [x,x,x,x,x,x,x,x,x,x]\nx-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nx-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nscripts: { web: { command: *d } }\n");
        var nul = Write("nul.yml", "scripts:\n  web:\n    command: \"a\\0b\"\n    env: { A: \"x\\0y\" }\n");
        var badEnv = Write("badenv.yml", "scripts:\n  web:\n    command: x\n    env_file: bad.env\n    venv: .venv\n    context: badenv.yml\n");
        Write("bad.env", "BAD LINE\nQ=\"open\n");
        var utf8 = Path.Combine(root, "latin1.yml");
        File.WriteAllBytes(utf8, [.. "scripts:\n  web:\n    command: caf"u8, 0xE9, .. "\n"u8]);
        var big = Write("big.yml", "scripts:\n  web:\n    command: x\n    stop_timeout: 100000h\n    restart_delay: 99999999999999999999h\n    max_restarts: 99999999999\n");
        var unreadable = Write("unreadable.yml", "scripts: {}\n");
        File.SetUnixFileMode(unreadable, UnixFileMode.None);
        var fifo = Path.Combine(root, "fifo.yml");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var tooLong = Path.Combine(root, new string('a', 300), "scripts.yml");
        var homeFile = Write("home-is-a-file", "");
        var longHome = Path.Combine(root, new string('b', 120));

        var runs = new List<(string What, ThResult Result)>();
        async Task Run(string what, Dictionary<string, string>? env, params string[] args)
        {
            foreach (var (key, value) in env ?? [])
            {
                th.Environment[key] = value;
            }

            runs.Add((what, await th.RunAsync(args)));
            foreach (var key in (env ?? []).Keys)
            {
                th.Environment.Remove(key);
            }
        }

        foreach (var path in new[] { bomb, nul, badEnv, utf8, big, fifo, "/dev/zero", "/dev/urandom", root, tooLong, Path.Combine(root, "missing.yml") })
        {
            await Run($"validate -c {path}", null, "validate", "-c", path);
        }

        runs.Add(("validate of an unreadable file", await RunUnprivilegedAsync(th, "validate", "-c", unreadable)));
        await Run("home is a file (up)", new() { ["TURTLE_HARBOR_HOME"] = homeFile }, "-c", bomb, "up");
        await Run("home is a file (daemon)", new() { ["TURTLE_HARBOR_HOME"] = homeFile }, "daemon", "--foreground");
        await Run("home below a file (daemon)", new() { ["TURTLE_HARBOR_HOME"] = Path.Combine(homeFile, "sub") }, "daemon", "--foreground");
        await Run("home too long for a socket", new() { ["TURTLE_HARBOR_HOME"] = longHome }, "daemon", "--foreground");
        await Run("unknown command", null, "frob");

        await th.OkAsync("daemon");
        foreach (var path in new[] { bomb, nul, badEnv, utf8, big, fifo, "/dev/zero", tooLong })
        {
            await Run($"up -c {path}", null, "up", "-c", path);
        }

        foreach (var (what, result) in runs)
        {
            output.WriteLine($"--- {what}\n{result}");
            Assert.True(result.ExitCode != 0, $"{what} succeeded: {result}");
            var text = result.Stdout + result.Stderr;
            Assert.True(!string.IsNullOrWhiteSpace(result.Stderr) || !string.IsNullOrWhiteSpace(result.Stdout), $"{what} said nothing");
            var keys = ResourceKey().Matches(text).Select(m => m.Value).Where(v => v.Any(char.IsLower)).ToArray();
            Assert.True(keys.Length == 0, $"{what} printed {string.Join(", ", keys)}: {result}");
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        }
    }

    /// <summary>As root every file is readable: there, th runs as nobody (setpriv) so that permissions apply.</summary>
    private static async Task<ThResult> RunUnprivilegedAsync(ThHome th, params string[] args)
    {
        if (Environment.UserName != "root")
        {
            return await th.RunAsync(args);
        }

        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", ThBinary.Path, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TURTLE_HARBOR_HOME"] = Path.Combine(Path.GetTempPath(), "th-nobody-home");
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new ThResult(process.ExitCode, await stdout, await stderr);
    }

    // The issue's pattern; names written in capitals only (TURTLE_HARBOR_HOME) are environment variables, not keys.
    [GeneratedRegex("[A-Z][A-Za-z]+_[A-Za-z_]+")]
    private static partial Regex ResourceKey();
}
