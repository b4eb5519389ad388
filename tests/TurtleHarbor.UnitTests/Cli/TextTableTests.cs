using TurtleHarbor.Cli;

namespace TurtleHarbor.Tests.Cli;

/// <summary>The aligned tables of th ps and friends.</summary>
public sealed class TextTableTests
{
    [Fact]
    public void Columns_are_as_wide_as_their_widest_cell_three_spaces_apart_and_the_last_is_not_padded()
    {
        var table = new TextTable("NAME", "STATUS", "NEXT");
        table.Add("web", "running", "-");
        table.Add("a-much-longer-name", "waiting (cron)", "12:00:00 (in 5m)");
        var output = new StringWriter { NewLine = "\n" };

        table.WriteTo(output, color: false);

        Assert.Equal(
            "NAME                 STATUS           NEXT\n" +
            "web                  running          -\n" +
            "a-much-longer-name   waiting (cron)   12:00:00 (in 5m)\n",
            output.ToString());
    }

    [Fact]
    public void Colour_codes_wrap_the_text_only_and_do_not_count_toward_the_width()
    {
        var table = new TextTable("NAME", "STATUS", "PID");
        table.Add(("web", null), ("running", "32"), ("42", null));
        table.Add(("db", null), ("failed (1)", "31"), ("-", null));
        var output = new StringWriter { NewLine = "\n" };

        table.WriteTo(output, color: true);

        Assert.Equal(
            "NAME   STATUS       PID\n" +
            "web    \u001b[32mrunning\u001b[0m      42\n" +
            "db     \u001b[31mfailed (1)\u001b[0m   -\n",
            output.ToString());
    }

    [Fact]
    public void A_cell_far_wider_than_the_others_pads_the_column_with_as_many_spaces_as_it_needs()
    {
        var wide = new string('x', 150);
        var table = new TextTable("A", "B");
        table.Add("1", "one");
        table.Add(wide, "two");
        var output = new StringWriter { NewLine = "\n" };

        table.WriteTo(output, color: false);

        var lines = output.ToString().Split('\n');
        Assert.Equal("1" + new string(' ', 149 + 3) + "one", lines[1]);
        Assert.Equal(wide + "   two", lines[2]);
    }
}
