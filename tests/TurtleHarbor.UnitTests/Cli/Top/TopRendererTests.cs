using System.Collections.Immutable;
using System.Text.RegularExpressions;
using TurtleHarbor.Cli.Top;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Cli.Top;

public sealed partial class TopRendererTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static ScriptSnapshot Row(string name, ScriptStatus status, double? cpu = null, long? rss = null, HealthStatus? health = null, DateTimeOffset? next = null) =>
        new(name, "/p/scripts.yml", status, status == ScriptStatus.Running ? 100 : null, null, null, status == ScriptStatus.Running ? 125 : 0, 2, null, next,
            Health: health, CpuPercent: cpu, RssBytes: rss, Processes: cpu is null ? null : 3);

    private static TopView View(int selected = 0, string? message = null) => new(
        "/p/scripts.yml",
        [
            Row("web", ScriptStatus.Running, 12.34, 150 * 1024 * 1024, HealthStatus.Healthy),
            Row("worker", ScriptStatus.Stopped),
            Row("nightly", ScriptStatus.Waiting, next: Now.AddHours(3)),
        ],
        selected,
        Now,
        message);

    private static string Plain(string line) => Sgr().Replace(line, "");

    [Fact]
    public void Every_line_fits_the_width_and_the_frame_is_exactly_the_height()
    {
        foreach (var (width, height) in new[] { (120, 30), (80, 24), (40, 10), (12, 3), (1, 1) })
        {
            var lines = TopRenderer.Render(View(), width, height, color: true, TimeZoneInfo.Utc);

            Assert.Equal(height, lines.Count);
            Assert.All(lines, l => Assert.True(Plain(l).Length <= width, $"{width}x{height}: '{Plain(l)}' is {Plain(l).Length} wide"));
        }
    }

    [Fact]
    public void The_table_shows_every_column_with_missing_figures_as_a_dash()
    {
        var lines = TopRenderer.Render(View(), 120, 10, color: false, TimeZoneInfo.Utc);

        Assert.StartsWith("th top   3 scripts   /p/scripts.yml", lines[0]);
        Assert.EndsWith("12:00:00", lines[0]);
        Assert.Equal("  NAME     STATUS          HEALTH     CPU   MEM  RESTARTS  UPTIME  NEXT RUN", lines[1]);
        Assert.Equal("> web      running         healthy  12.3%  150M         2      2m  -", lines[2]);
        Assert.Equal("  worker   stopped         -            -     -         2       -  -", lines[3]);
        Assert.Equal("  nightly  waiting (cron)  -            -     -         2       -  15:00:00", lines[4]);
        Assert.Equal(TopRenderer.KeyHelp, lines[^1]);
    }

    [Fact]
    public void Without_colour_no_escape_sequence_is_written_and_the_selection_is_the_marker()
    {
        var lines = TopRenderer.Render(View(selected: 1), 100, 8, color: false, TimeZoneInfo.Utc);

        Assert.DoesNotContain(lines, l => l.Contains('\u001b'));
        Assert.StartsWith("  web", lines[2]);
        Assert.StartsWith("> worker", lines[3]);
    }

    [Fact]
    public void With_colour_the_selected_row_is_reversed_across_the_width_and_statuses_are_coloured()
    {
        var lines = TopRenderer.Render(View(selected: 1), 100, 8, color: true, TimeZoneInfo.Utc);

        Assert.StartsWith("\u001b[7m> worker", lines[3]);
        Assert.Equal(100, Plain(lines[3]).Length);
        Assert.Contains("\u001b[32mrunning\u001b[0m", lines[2]);
        Assert.Contains("\u001b[32mhealthy\u001b[0m", lines[2]);
        Assert.Contains("\u001b[36mwaiting (cron)\u001b[0m", lines[4]);
        Assert.Equal(Plain(TopRenderer.Render(View(selected: 1), 100, 8, color: false, TimeZoneInfo.Utc)[2]), Plain(lines[2]));
    }

    [Fact]
    public void A_narrow_terminal_squeezes_long_names_with_an_ellipsis_then_drops_columns_from_the_right()
    {
        var view = View() with { Scripts = [Row("a-very-long-script-name-indeed", ScriptStatus.Running, 1, 2048)] };

        var wide = TopRenderer.Render(view, 120, 5, color: false, TimeZoneInfo.Utc);
        var narrow = TopRenderer.Render(view, 50, 5, color: false, TimeZoneInfo.Utc);

        Assert.StartsWith("> a-very-long-script-name-indeed  running", wide[2]);
        Assert.StartsWith("> a-very-…  running", narrow[2]);
        Assert.Contains("NAME", narrow[1]);
        Assert.DoesNotContain("NEXT RUN", narrow[1]);
        Assert.All(narrow, l => Assert.True(l.Length <= 50));
    }

    [Fact]
    public void The_selected_row_stays_on_screen_when_the_list_is_longer_than_the_terminal()
    {
        var scripts = Enumerable.Range(0, 50).Select(i => Row($"s{i:00}", ScriptStatus.Running)).ToImmutableArray();
        var view = new TopView("/p/scripts.yml", scripts, 40, Now);

        var lines = TopRenderer.Render(view, 80, 10, color: false, TimeZoneInfo.Utc);

        Assert.Equal(10, lines.Count);
        Assert.StartsWith("> s40", lines[^2]);
        Assert.StartsWith("  s34", lines[2]);
    }

    [Fact]
    public void A_message_replaces_the_key_help_and_log_lines_lose_their_escape_sequences()
    {
        var view = View(message: "web: restarted") with { LogsOf = "web", LogLines = ["2026 [stdout] \u001b[31mred\u001b[0m\ttab\u0007", "second"] };

        var lines = TopRenderer.Render(view, 60, 6, color: false, TimeZoneInfo.Utc);

        Assert.StartsWith("th top › logs of web", lines[0]);
        Assert.Equal("2026 [stdout] red tab?", lines[1]);
        Assert.Equal("second", lines[2]);
        Assert.Equal("web: restarted", lines[^1]);
    }

    [Theory]
    [InlineData(0L, "0B")]
    [InlineData(1023L, "1023B")]
    [InlineData(1536L, "1.5K")]
    [InlineData(157286400L, "150M")]
    [InlineData(5368709120L, "5.0G")]
    public void Memory_is_shown_in_binary_units(long bytes, string text)
    {
        Assert.Equal(text, TopCells.Bytes(bytes));
    }

    [Theory]
    [InlineData("\u001b[A", "Up")]
    [InlineData("\u001bOA", "Up")]
    [InlineData("k", "Up")]
    [InlineData("\u001b[B", "Down")]
    [InlineData("\u001bOB", "Down")]
    [InlineData("j", "Down")]
    [InlineData("\u001b[5~", "PageUp")]
    [InlineData("\u001b[6~", "PageDown")]
    [InlineData("\u001b[H", "First")]
    [InlineData("\u001b[4~", "Last")]
    [InlineData("r", "Restart")]
    [InlineData("s", "StopOrStart")]
    [InlineData("l", "Logs")]
    [InlineData("\r", "Logs")]
    [InlineData("q", "Quit")]
    [InlineData("\u0003", "Quit")]
    [InlineData("\u001b", "Quit")]
    [InlineData("x", "None")]
    [InlineData("\u001b[1;5C", "None")]
    public void Keys_from_a_raw_terminal_map_to_actions(string typed, string action)
    {
        Assert.Equal([Enum.Parse<TopAction>(action)], TopKeys.Decode(System.Text.Encoding.ASCII.GetBytes(typed)).ToArray());
    }

    [Fact]
    public void Several_keys_in_one_read_are_each_decoded_and_a_cut_sequence_is_dropped()
    {
        Assert.Equal(
            [TopAction.Down, TopAction.Down, TopAction.Up, TopAction.StopOrStart],
            TopKeys.Decode("jj\u001b[As\u001b["u8).ToArray());
    }

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Sgr();
}
