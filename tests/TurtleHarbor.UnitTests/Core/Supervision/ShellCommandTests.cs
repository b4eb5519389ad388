using System.Diagnostics;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

public sealed class ShellCommandTests
{
    [Theory]
    [InlineData("sleep 60")]
    [InlineData("./server.sh --port 8080")]
    [InlineData("/usr/bin/python3 -m http.server 8000")]
    [InlineData("node 'my server.js' --name \"a b\"")]
    [InlineData("grep -e 'a|b' file")]
    [InlineData("redis-server --daemonize yes")]
    [InlineData("npx http-server -p 8080")]
    [InlineData("app --opt=value key=value")]
    [InlineData("  padded\tcommand  ")]
    [InlineData("echo-server 'it''s' \"say \\\"hi\\\"\"")]
    [InlineData("app a\\ b \\$HOME \"\\$x\"")]
    [InlineData("./run.sh 'single $HOME `x` * ; | &'")]
    [InlineData("app 100% ^caret! a,b @at +plus")]
    [InlineData("'cmd with space' arg")]
    public void One_simple_command_of_words_and_quotes_is_simple(string command)
    {
        Assert.True(ShellCommand.IsSimple(command));
        Assert.Equal(new[] { "sh", "-c", "exec " + command }, ShellCommand.Arguments(command));
    }

    [Theory]
    [InlineData("a | b")]
    [InlineData("a && b")]
    [InlineData("a; b")]
    [InlineData("server &")]
    [InlineData("a > out")]
    [InlineData("a < in")]
    [InlineData("(a)")]
    [InlineData("echo $HOME")]
    [InlineData("run ${X}")]
    [InlineData("run `date`")]
    [InlineData("run \"$HOME\"")]
    [InlineData("run \"`date`\"")]
    [InlineData("ls *.txt")]
    [InlineData("ls file?")]
    [InlineData("ls [ab]")]
    [InlineData("run {a,b}")]
    [InlineData("cd ~")]
    [InlineData("run # comment")]
    [InlineData("a\nb")]
    [InlineData("a\r\nb")]
    [InlineData("run 'unterminated")]
    [InlineData("run \"unterminated")]
    [InlineData("run \\")]
    [InlineData("run \\\nmore")]
    [InlineData("A=b cmd")]
    [InlineData("_x1=2 cmd")]
    [InlineData("A= cmd")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("''")]
    [InlineData("-x")]
    [InlineData("exec sleep 60")]
    [InlineData("exit 3")]
    [InlineData("cd /tmp")]
    [InlineData("export A=b")]
    [InlineData("trap '' TERM")]
    [InlineData("if true")]
    [InlineData("while true")]
    [InlineData("! false")]
    [InlineData("{ a")]
    [InlineData(". ./env.sh")]
    [InlineData(": nothing")]
    [InlineData("echo hello")]
    [InlineData("'cd' /tmp")]
    [InlineData("wait")]
    [InlineData("source x")]
    public void Anything_with_shell_syntax_a_builtin_or_an_assignment_stays_as_written(string command)
    {
        Assert.False(ShellCommand.IsSimple(command));
        Assert.Equal(new[] { "sh", "-c", command }, ShellCommand.Arguments(command));
    }

    [Theory]
    [InlineData("a=b")]
    [InlineData("./x=y")]
    [InlineData("1A=b")]
    [InlineData("a.b=c")]
    public void An_equals_sign_in_a_first_word_that_is_no_variable_name_is_no_assignment(string first)
    {
        Assert.Equal(first != "a=b", ShellCommand.IsSimple(first + " arg"));
    }

    /// <summary>The shell still splits and unquotes: with exec in front, a simple command gets exactly the same arguments.</summary>
    [Theory]
    [InlineData("env printf '[%s]' plain 'single quoted' \"double quoted\" a\\ b \"\\\"q\\\"\" 'it'\"'\"'s'")]
    [InlineData("env printf '[%s]' \"\\$HOME\" '$HOME' \"back\\\\slash\"")]
    [InlineData("env printf '[%s]' key=value --opt=x 100% a,b")]
    public async Task Exec_in_front_of_a_simple_command_gives_the_program_the_same_arguments(string command)
    {
        Assert.True(ShellCommand.IsSimple(command));

        var plain = await RunShellAsync(command);
        var exec = await RunShellAsync(ShellCommand.Arguments(command)[2]);

        Assert.Equal(plain, exec);
        Assert.StartsWith("[", plain, StringComparison.Ordinal);
    }

    private static async Task<string> RunShellAsync(string script)
    {
        var start = new ProcessStartInfo(ShellCommand.Shell) { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
