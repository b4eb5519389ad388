using System.Diagnostics;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// Each completion script loads in its real shell and completes commands, options and the script names
/// of ./scripts.yml. zsh and fish tests are skipped, and say so, where the shell is missing; CI installs both.
/// </summary>
public sealed class CompletionTests
{
    private const string Config = "scripts:\n  backend:\n    command: exec sleep 1\n  worker:\n    command: exec sleep 1\n";

    [Fact(Timeout = 60_000)]
    public async Task The_bash_script_loads_and_registers_a_completion_for_th()
    {
        await using var th = new ThHome();

        var result = await ShellAsync(th, "bash", $"eval \"$('{ThBinary.Path}' completion bash)\" && complete -p th");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("complete -F _th_complete th", result.Stdout);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("up ''", "backend worker")]
    [InlineData("logs w", "worker")]
    [InlineData("'' ", "completion daemon down history kill logs migrate ps reload restart run service top up validate")]
    [InlineData("kill ''", "backend worker")]
    [InlineData("kill --m", "--main")]
    [InlineData("kill -s ''", "ALRM HUP INT KILL QUIT TERM USR1 USR2 WINCH")]
    [InlineData("daemon s", "status stop")]
    [InlineData("completion ''", "bash fish zsh")]
    [InlineData("ps --j", "--json")]
    public async Task Bash_completes_commands_options_and_the_configs_script_names(string words, string expected)
    {
        await using var th = new ThHome();
        th.WriteConfig(Config);
        var script = $$"""
            eval "$('{{ThBinary.Path}}' completion bash)"
            COMP_WORDS=('{{ThBinary.Path}}' {{words}}); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _th_complete
            printf '%s\n' "${COMPREPLY[@]}" | grep -v '^-' | sort | tr '\n' ' '
            printf '%s\n' "${COMPREPLY[@]}" | grep '^-' | sort | tr '\n' ' '
            """;

        var result = await ShellAsync(th, "bash", script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, result.Stdout.Trim());
    }

    [Fact(Timeout = 60_000)]
    public async Task Names_follow_the_config_given_with_c_on_the_line()
    {
        await using var th = new ThHome();
        var other = Path.Combine(th.Root, "other.yml");
        File.WriteAllText(other, "scripts:\n  elsewhere:\n    command: exec sleep 1\n");
        var script = $$"""
            source <('{{ThBinary.Path}}' completion bash)
            COMP_WORDS=('{{ThBinary.Path}}' -c '{{other}}' run ''); COMP_CWORD=4
            _th_complete
            echo "${COMPREPLY[@]}"
            """;

        var result = await ShellAsync(th, "bash", script);

        Assert.Equal("elsewhere", result.Stdout.Trim());
    }

    /// <summary>Issue 20: bash hands --config=FILE over split at '=' (COMP_WORDBREAKS), zsh whole; both, and -c FILE, name the same file.</summary>
    [Theory(Timeout = 60_000)]
    [InlineData("down --config = '{0}' ''", 5)]
    [InlineData("down '--config={0}' ''", 3)]
    [InlineData("down -c '{0}' ''", 4)]
    [InlineData("--config '{0}' down ''", 4)]
    public async Task Bash_names_follow_the_config_given_as_config_equals_file_or_c_file(string words, int cword)
    {
        await using var th = new ThHome();
        th.WriteConfig(Config);
        var other = Path.Combine(th.Root, "other.yml");
        File.WriteAllText(other, "scripts:\n  elsewhere:\n    command: exec sleep 1\n  yonder:\n    command: exec sleep 1\n");
        var script = $$"""
            source <('{{ThBinary.Path}}' completion bash)
            COMP_WORDS=('{{ThBinary.Path}}' {{string.Format(System.Globalization.CultureInfo.InvariantCulture, words, other)}}); COMP_CWORD={{cword}}
            _th_complete
            echo "${COMPREPLY[@]}"
            """;

        var result = await ShellAsync(th, "bash", script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("elsewhere yonder", result.Stdout.Trim());
    }

    [InstalledFact("zsh", Timeout = 60_000)]
    public async Task Zsh_names_follow_the_config_given_as_config_equals_file()
    {
        await using var th = new ThHome();
        th.WriteConfig(Config);
        var other = Path.Combine(th.Root, "other.yml");
        File.WriteAllText(other, "scripts:\n  elsewhere:\n    command: exec sleep 1\n");
        var script = $$"""
            source <('{{ThBinary.Path}}' completion zsh) || exit 3
            words=('{{ThBinary.Path}}' down '--config={{other}}' ''); CURRENT=${#words}
            COMP_WORDS=("${words[@]}"); COMP_CWORD=$(( CURRENT - 1 ))
            print -r -- $(compgen -F _th_complete -- '')
            """;

        var result = await ShellAsync(th, "zsh", script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("elsewhere", result.Stdout.Trim());
    }

    [InstalledTheory("fish", Timeout = 60_000)]
    [InlineData("th down --config={0} ")]
    [InlineData("th down -c {0} ")]
    public async Task Fish_names_follow_the_config_given_as_config_equals_file_or_c_file(string line)
    {
        await using var th = new ThHome();
        th.WriteConfig(Config);
        var other = Path.Combine(th.Root, "other.yml");
        File.WriteAllText(other, "scripts:\n  elsewhere:\n    command: exec sleep 1\n");
        var typed = string.Format(System.Globalization.CultureInfo.InvariantCulture, line, other);
        var script = $"'{ThBinary.Path}' completion fish | source; and complete -C'{typed}' | cut -f1 | grep -v '^-' | sort | tr '\\n' ' '";

        var result = await ShellAsync(th, "fish", script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("elsewhere", result.Stdout.Trim());
    }

    [Fact(Timeout = 60_000)]
    public async Task Listing_names_without_a_usable_config_prints_nothing_and_succeeds()
    {
        await using var th = new ThHome();
        var none = await th.RunAsync("__complete-names");
        th.WriteConfig("scripts:\n  broken: [\n");
        var broken = await th.RunAsync("__complete-names");

        Assert.Equal((0, "", ""), (none.ExitCode, none.Stdout, none.Stderr));
        Assert.Equal((0, "", ""), (broken.ExitCode, broken.Stdout, broken.Stderr));
    }

    [InstalledFact("zsh", Timeout = 60_000)]
    public async Task The_zsh_script_loads_in_zsh_and_registers_th_with_compsys()
    {
        await using var th = new ThHome();

        var result = await ShellAsync(th, "zsh", $"source <('{ThBinary.Path}' completion zsh) && complete -p th && print -r -- $_comps[th]");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("complete -F _th_complete th", result.Stdout);
        Assert.Contains("_bash_complete -F _th_complete", result.Stdout);
    }

    /// <summary>
    /// zsh completes th through bashcompinit: compsys calls _bash_complete, which sets COMP_WORDS and
    /// COMP_CWORD from zsh's words and CURRENT and runs compgen -F _th_complete, then compadd keeps
    /// the candidates that start with the typed word. The script does exactly that, minus compadd.
    /// </summary>
    [InstalledTheory("zsh", Timeout = 60_000)]
    [InlineData("up ''", "backend worker")]
    [InlineData("logs w", "worker")]
    [InlineData("''", "completion daemon down history kill logs migrate ps reload restart run service top up validate")]
    [InlineData("daemon s", "status stop")]
    [InlineData("ps --j", "--json")]
    public async Task Zsh_completes_commands_options_and_the_configs_script_names(string words, string expected)
    {
        await using var th = new ThHome();
        th.WriteConfig(Config);
        var script = $$"""
            source <('{{ThBinary.Path}}' completion zsh) || exit 3
            words=('{{ThBinary.Path}}' {{words}}); CURRENT=${#words}
            COMP_WORDS=("${words[@]}"); COMP_CWORD=$(( CURRENT - 1 ))
            matches=( ${(f)"$(compgen -F _th_complete -- "${words[CURRENT]}")"} )
            prefix=$words[CURRENT]; kept=( ${(M)matches:#$prefix*} )
            print -r -- ${(o)kept}
            """;

        var result = await ShellAsync(th, "zsh", script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, result.Stdout.Trim());
    }

    [InstalledTheory("fish", Timeout = 60_000)]
    [InlineData("th up ", "backend worker")]
    [InlineData("th logs w", "worker")]
    [InlineData("th ", "completion daemon down history kill logs migrate ps reload restart run service top up validate")]
    [InlineData("th daemon s", "status stop")]
    [InlineData("th ps --j", "--json")]
    public async Task Fish_completes_commands_options_and_the_configs_script_names(string line, string expected)
    {
        await using var th = new ThHome();
        th.WriteConfig(Config);
        // complete -C prints "candidate<TAB>description" per line, as fish's pager would show them.
        var script = $"'{ThBinary.Path}' completion fish | source; and complete -C'{line}' | cut -f1 | sort | tr '\\n' ' '";

        var result = await ShellAsync(th, "fish", script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, result.Stdout.Trim());
    }

    private static async Task<ThResult> ShellAsync(ThHome th, string shell, string script)
    {
        var start = new ProcessStartInfo(shell) { WorkingDirectory = th.Project, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["TURTLE_HARBOR_HOME"] = th.Home;
        start.Environment["PATH"] = $"{Path.GetDirectoryName(ThBinary.Path)}:{Environment.GetEnvironmentVariable("PATH")}";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(50));
        return new ThResult(process.ExitCode, await stdout, await stderr);
    }
}
