using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;

namespace TurtleHarbor.Tests;

/// <summary>Two packs of one binary give one checksum, whatever the files' times and owners on disk.</summary>
public sealed partial class PublishScriptTests
{
    [Fact(Timeout = 60_000)]
    public async Task Two_packs_of_one_binary_give_one_checksum()
    {
        var first = Path.Combine(_dist, "first");
        var second = Path.Combine(_dist, "second");

        var one = await RunAsync("--binary", _fakeBinary, "--rid", "linux-x64", "--dist", first);
        File.SetLastWriteTimeUtc(_fakeBinary, DateTime.UtcNow.AddHours(-3)); // another mtime, as a rebuild would give
        var two = await RunAsync("--binary", _fakeBinary, "--rid", "linux-x64", "--dist", second);

        Assert.True(one.ExitCode == 0 && two.ExitCode == 0, one.Stderr + two.Stderr);
        var name = $"th-{Version}-linux-x64.tar.gz";
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, name)), File.ReadAllBytes(Path.Combine(second, name)));
        Assert.Equal(File.ReadAllText(Path.Combine(first, name + ".sha256")), File.ReadAllText(Path.Combine(second, name + ".sha256")));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_tarball_lists_its_names_sorted_owned_by_0_and_dated_at_the_commit()
    {
        var result = await RunAsync("--binary", _fakeBinary, "--rid", "linux-x64", "--dist", _dist);
        Assert.True(result.ExitCode == 0, result.Stderr);

        var name = $"th-{Version}-linux-x64";
        var commitTime = DateTimeOffset.FromUnixTimeSeconds(long.Parse((await GitAsync("log", "-1", "--format=%ct")).Trim(), CultureInfo.InvariantCulture));
        await using var gzip = new GZipStream(File.OpenRead(Path.Combine(_dist, name + ".tar.gz")), CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        var entries = new List<TarEntry>();
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            entries.Add(entry);
        }

        Assert.Equal([$"{name}/", $"{name}/LICENSE", $"{name}/README.md", $"{name}/th"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
        Assert.All(entries, e => Assert.Equal(commitTime, e.ModificationTime));
        Assert.All(entries, e => Assert.Equal(TarEntryFormat.Ustar, e.Format));
    }

    private static async Task<string> GitAsync(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
