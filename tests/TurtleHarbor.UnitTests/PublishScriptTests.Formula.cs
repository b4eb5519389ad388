using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TurtleHarbor.Tests;

/// <summary>
/// The Homebrew formula: no empty blocks, a clear error without --base-url, and a service block that
/// says what 'th service install' says, in the DSL of Homebrew's Library/Homebrew/service.rb.
/// </summary>
public sealed partial class PublishScriptTests
{
    [Fact(Timeout = 60_000)]
    public async Task The_formula_without_a_base_url_is_a_usage_error_that_says_what_to_give()
    {
        await RunAsync("--binary", _fakeBinary, "--rid", "linux-x64", "--dist", _dist);

        var result = await RunAsync("--formula", "--no-build", "--dist", _dist);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("--formula needs --base-url URL", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_formula_for_one_platform_has_no_empty_block_and_none_for_the_other_OS()
    {
        await RunAsync("--binary", _fakeBinary, "--rid", "linux-x64", "--dist", _dist);

        var formula = (await FormulaAsync()).Stdout;

        Assert.DoesNotContain("  on_macos do\n    on_", formula);
        Assert.DoesNotMatch(@"\bdo\n\s*end\b", formula);
        Assert.Matches(@"  on_linux do\n    on_intel do\n      url ""[^""]+linux-x64.tar.gz""\n      sha256 ""[0-9a-f]{64}""\n    end\n  end\n", formula);
        Assert.DoesNotContain("OWNER", formula);
    }

    [Fact(Timeout = 60_000)]
    public async Task No_tarball_at_all_is_an_error_not_an_empty_formula()
    {
        var result = await FormulaAsync();

        Assert.Equal(66, result.ExitCode);
        Assert.Contains("nothing for the formula to point at", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_service_block_restarts_on_failure_on_Linux_and_matches_the_LaunchAgent_on_macOS()
    {
        await RunAsync("--binary", _fakeBinary, "--rid", "linux-x64", "--dist", _dist);

        var service = ServiceBlock().Match((await FormulaAsync()).Stdout).Value;

        // Homebrew's Library/Homebrew/service.rb: to_systemd_unit makes keep_alive crashed (or always)
        // Restart=on-failure and successful_exit: false no Restart= at all; to_plist makes successful_exit:
        // false KeepAlive {SuccessfulExit: false}, what LaunchAgentPlist writes, and process_type
        // :interactive ProcessType Interactive. on_macos/on_linux work inside the block (OnSystem::MacOSAndLinux).
        Assert.Contains("    on_linux do\n      keep_alive crashed: true\n    end\n", service);
        Assert.Contains("    on_macos do\n      keep_alive successful_exit: false\n    end\n", service);
        Assert.Contains($"    process_type :{TurtleHarbor.Cli.Service.LaunchAgentPlist.ProcessType.ToLowerInvariant()}\n", service);
        Assert.Contains("    run [opt_bin/\"th\", \"daemon\", \"--foreground\"]\n", service);
        // service.rb: stop_timeout is ExitTimeOut in the plist and TimeoutStopSec in the unit, as th's own.
        Assert.Contains($"    stop_timeout {TurtleHarbor.Cli.Service.ServiceStopBudget.Seconds} if respond_to?(:stop_timeout)\n", service);
    }

    [InstalledFact("ruby")]
    public async Task The_formula_is_valid_Ruby()
    {
        await RunAsync("--binary", _fakeBinary, "--rid", "osx-arm64", "--dist", _dist);
        await RunAsync("--binary", _fakeBinary, "--rid", "linux-x64", "--dist", _dist);
        var formula = Path.Combine(_dist, "th.rb");
        File.WriteAllText(formula, (await FormulaAsync()).Stdout);

        var start = new ProcessStartInfo("ruby") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-wc");
        start.ArgumentList.Add(formula);
        using var ruby = Process.Start(start)!;
        var stdout = await ruby.StandardOutput.ReadToEndAsync();
        var stderr = await ruby.StandardError.ReadToEndAsync();
        await ruby.WaitForExitAsync();

        Assert.True(ruby.ExitCode == 0, stderr);
        Assert.Equal("Syntax OK", stdout.Trim());
        Assert.Empty(stderr); // -w: no warnings either
    }

    private Task<ThResult> FormulaAsync() =>
        RunAsync("--formula", "--no-build", "--dist", _dist, "--base-url", "https://example.test/th/releases/download/v{version}");

    [GeneratedRegex(@"(?ms)^  service do\n.*?^  end\n")]
    private static partial Regex ServiceBlock();
}
