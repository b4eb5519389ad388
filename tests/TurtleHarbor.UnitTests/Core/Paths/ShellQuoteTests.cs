using System.Diagnostics;
using TurtleHarbor.Core.Paths;

namespace TurtleHarbor.Tests.Core.Paths;

public sealed class ShellQuoteTests
{
    [Theory]
    [InlineData("/home/me/project/scripts.yml")]
    [InlineData("/tmp/é-ü/scripts.yml")]
    public void Plain_paths_are_left_alone(string path) => Assert.Equal(path, ShellQuote.Path(path));

    [Theory(Timeout = 30_000)]
    [InlineData("/tmp/with space/scripts.yml")]
    [InlineData("/tmp/it's \"quoted\"/s.yml")]
    [InlineData("/tmp/new\nline/$(rm -rf x)/`id`/s.yml")]
    [InlineData("/tmp/tab\tand\\backslash\u0001/s.yml")]
    [InlineData("")]
    public async Task Quoted_paths_stay_on_one_line_and_bash_reads_them_back_unchanged(string path)
    {
        var quoted = ShellQuote.Path(path);
        Assert.DoesNotContain('\n', quoted);

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"printf %s {quoted}");
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.Equal(path, output);
    }
}
