using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace TurtleHarbor.Tests;

/// <summary>
/// publish.sh's packing and formula, fast: it packs a stand-in binary with --binary, so no AOT build
/// runs here. The real AOT build, tarball and checksum are made by CI's publish stage (.ci/run).
/// </summary>
public sealed partial class PublishScriptTests : IDisposable
{
    private readonly string _dist = Directory.CreateTempSubdirectory("th-dist-").FullName;
    private readonly string _fakeBinary;

    public PublishScriptTests()
    {
        _fakeBinary = Path.Combine(_dist, "fake-th");
        File.WriteAllText(_fakeBinary, "#!/bin/sh\necho fake\n");
        File.SetUnixFileMode(_fakeBinary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string Root { get; } = FindRoot();

    private static string Version { get; } = VersionElement().Match(File.ReadAllText(Path.Combine(Root, "TurtleHarbor.csproj"))).Groups[1].Value;

    [Fact(Timeout = 60_000)]
    public async Task It_packs_th_README_and_LICENSE_into_a_versioned_tarball_with_its_sha256()
    {
        var result = await RunAsync("--binary", _fakeBinary, "--rid", "linux-arm64", "--dist", _dist);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var name = $"th-{Version}-linux-arm64";
        var tarball = Path.Combine(_dist, name + ".tar.gz");
        var entries = ReadTar(tarball);
        Assert.Equal([$"{name}/LICENSE", $"{name}/README.md", $"{name}/th"], entries.Keys.Where(k => !k.EndsWith('/')).Order());
        Assert.True(entries[$"{name}/th"].HasFlag(UnixFileMode.UserExecute | UnixFileMode.OtherExecute));
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(tarball)));
        Assert.Equal($"{hash}  {name}.tar.gz\n", File.ReadAllText(tarball + ".sha256"));
    }

    [Fact(Timeout = 60_000)]
    public async Task The_formula_points_at_each_tarball_with_its_sha256_and_has_a_service_and_a_test()
    {
        await RunAsync("--binary", _fakeBinary, "--rid", "osx-arm64", "--dist", _dist);
        await RunAsync("--binary", _fakeBinary, "--rid", "linux-x64", "--dist", _dist);

        var result = await RunAsync("--formula", "--no-build", "--dist", _dist, "--base-url", "https://example.test/th/v{version}");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var formula = result.Stdout;
        Assert.StartsWith("class Th < Formula", formula);
        Assert.Contains($"version \"{Version}\"", formula);
        foreach (var rid in new[] { "osx-arm64", "linux-x64" })
        {
            var sha = File.ReadAllText(Path.Combine(_dist, $"th-{Version}-{rid}.tar.gz.sha256")).Split(' ')[0];
            Assert.Contains($"url \"https://example.test/th/v{Version}/th-{Version}-{rid}.tar.gz\"\n      sha256 \"{sha}\"", formula);
        }

        Assert.DoesNotContain("osx-x64", formula);
        Assert.Contains("linux-arm64", result.Stderr);
        Assert.Contains("bin.install \"th\"", formula);
        Assert.Matches(@"service do\n\s+run \[opt_bin/""th"", ""daemon"", ""--foreground""\]\n", formula);
        Assert.Contains("test do", formula);
        Assert.Contains("shell_output(\"#{bin}/th --version\")", formula);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_build_for_another_operating_system_is_refused_and_says_where_to_build_it()
    {
        var (rid, os) = OperatingSystem.IsMacOS() ? ("linux-x64", "Linux") : ("osx-arm64", "macOS");

        var result = await RunAsync("--rid", rid, "--dist", _dist);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{rid} must be built on {os}", result.Stderr);
        Assert.Empty(Directory.GetFiles(_dist, "*.tar.gz"));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_RID_is_a_usage_error()
    {
        var result = await RunAsync("--rid", "win-x64", "--binary", _fakeBinary, "--dist", _dist);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("unsupported RID", result.Stderr);
    }

    public void Dispose() => Directory.Delete(_dist, recursive: true);

    private static async Task<ThResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Root, "publish.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ThResult(process.ExitCode, await stdout, await stderr);
    }

    private static Dictionary<string, UnixFileMode> ReadTar(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var entries = new Dictionary<string, UnixFileMode>();
        while (reader.GetNextEntry() is { } entry)
        {
            entries[entry.Name.TrimStart('.', '/')] = entry.Mode;
        }

        return entries;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "publish.sh")) && File.Exists(Path.Combine(dir.FullName, "TurtleHarbor.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("publish.sh not found above the test directory");
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
