using TurtleHarbor.Cli.Service;

namespace TurtleHarbor.Tests.Cli.Service;

public sealed class SystemdUnitTests
{
    [Fact]
    public void The_unit_runs_the_stable_th_in_the_foreground_restarts_on_failure_and_starts_with_the_user_session()
    {
        using var home = new ServiceTestHome();

        var lines = SystemdUnit.Render(home.Setup("/home/linuxbrew/.linuxbrew/Cellar/th/1.2.3/bin/th")).Split('\n');

        Assert.Contains("ExecStart=/home/linuxbrew/.linuxbrew/opt/th/bin/th daemon --foreground", lines);
        Assert.Contains("Restart=on-failure", lines);
        Assert.Contains("KillMode=mixed", lines);
        Assert.Contains("Type=simple", lines);
        Assert.Contains("WantedBy=default.target", lines);
        Assert.Contains("Environment=PATH=/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin", lines);
        Assert.Contains($"Environment=TURTLE_HARBOR_HOME={Path.Combine(home.Root, "h")}", lines);
    }

    [Fact]
    public void Spaces_quotes_and_percent_signs_are_quoted_the_way_systemd_reads_them()
    {
        Assert.Equal("/usr/bin/th", SystemdUnit.Quote("/usr/bin/th"));
        Assert.Equal("\"/home/me/my tools/th\"", SystemdUnit.Quote("/home/me/my tools/th"));
        Assert.Equal("/home/100%%/th", SystemdUnit.Quote("/home/100%/th"));
        Assert.Equal("\"PATH=/a \\\"b\\\"\"", SystemdUnit.Quote("PATH=/a \"b\""));
    }
}
