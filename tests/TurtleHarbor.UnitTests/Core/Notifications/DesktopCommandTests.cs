using TurtleHarbor.Core.Notifications;

namespace TurtleHarbor.Tests.Core.Notifications;

public sealed class DesktopCommandTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\path\\", "\"C:\\\\path\\\\\"")]
    [InlineData("two\nlines\r\tand a bell\a", "\"two lines  and a bell \"")]
    [InlineData("\" & do shell script \"rm -rf ~\" & \"", "\"\\\" & do shell script \\\"rm -rf ~\\\" & \\\"\"")]
    [InlineData("été ✓", "\"été ✓\"")]
    public void AppleScript_literals_escape_quotes_and_backslashes_and_flatten_control_characters(string text, string literal)
    {
        Assert.Equal(literal, AppleScript.Quote(text));
    }

    [Fact]
    public void On_macOS_the_exact_osascript_arguments()
    {
        var argv = DesktopCommand.For(DesktopPlatform.MacOS, "th: web failed", "web failed: \"gave up\" (exit code 1)", _ => null);

        Assert.NotNull(argv);
        Assert.Equal(
            ["/usr/bin/osascript", "-e", "display notification \"web failed: \\\"gave up\\\" (exit code 1)\" with title \"th: web failed\""],
            argv.Value.ToArray());
    }

    [Fact]
    public void On_Linux_notify_send_from_PATH_with_title_then_text()
    {
        var argv = DesktopCommand.For(DesktopPlatform.Linux, "th: web failed", "-x text", name => name == "notify-send" ? "/opt/bin/notify-send" : null);

        Assert.NotNull(argv);
        Assert.Equal(["/opt/bin/notify-send", "--app-name=turtle-harbor", "--", "th: web failed", "-x text"], argv.Value.ToArray());
    }

    [Fact]
    public void Linux_without_notify_send_and_other_systems_have_no_desktop_command()
    {
        Assert.Null(DesktopCommand.For(DesktopPlatform.Linux, "t", "x", _ => null));
        Assert.Null(DesktopCommand.For(DesktopPlatform.None, "t", "x", _ => "/usr/bin/notify-send"));
    }

    [Fact]
    public void Programs_are_found_in_PATH_order_and_only_when_executable()
    {
        var root = Directory.CreateTempSubdirectory("th-path-").FullName;
        try
        {
            var first = Directory.CreateDirectory(Path.Combine(root, "a")).FullName;
            var second = Directory.CreateDirectory(Path.Combine(root, "b")).FullName;
            File.WriteAllText(Path.Combine(first, "notify-send"), "not executable");
            File.WriteAllText(Path.Combine(second, "notify-send"), "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(second, "notify-send"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

            Assert.Equal(Path.Combine(second, "notify-send"), DesktopCommand.FindOnPath("notify-send", $"{first}::relative:{second}"));
            Assert.Null(DesktopCommand.FindOnPath("notify-send", first));
            Assert.Null(DesktopCommand.FindOnPath("notify-send", null));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
