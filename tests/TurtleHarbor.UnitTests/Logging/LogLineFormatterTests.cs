using System.Text;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Tests.Logging;

public sealed class LogLineFormatterTests
{
    private static string Text(byte[] content, LogStream stream = LogStream.Stdout)
    {
        var destination = new byte[LogLineFormatter.MaxFormattedLength(content.Length)];
        var length = LogLineFormatter.Format(destination, new DateTimeOffset(2026, 2, 9, 12, 0, 0, TimeSpan.Zero), stream, content, 0, out var textStart);
        return Encoding.UTF8.GetString(destination, textStart, length - textStart - 1);
    }

    [Fact]
    public void NUL_and_other_C0_control_bytes_become_replacement_characters_but_tab_and_colours_stay()
    {
        Assert.Equal("a\uFFFDb", Text("a\0b"u8.ToArray()));
        Assert.Equal("\uFFFD\uFFFD\uFFFDx", Text("\a\b\rx"u8.ToArray()));
        Assert.Equal("col\tumn \u001b[31mred\u001b[0m", Text("col\tumn \u001b[31mred\u001b[0m"u8.ToArray()));
        Assert.Equal("é \uFFFD ok", Text([0xC3, 0xA9, 0x20, 0x01, 0x20, 0x6F, 0x6B]));
    }

    [Fact]
    public void A_terminal_line_is_labelled_tty()
    {
        var content = "hi"u8.ToArray();
        var destination = new byte[LogLineFormatter.MaxFormattedLength(content.Length)];
        var length = LogLineFormatter.Format(destination, DateTimeOffset.UnixEpoch, LogStream.Tty, content, 0);
        Assert.EndsWith(" [tty] hi\n", Encoding.UTF8.GetString(destination, 0, length));
    }
}
