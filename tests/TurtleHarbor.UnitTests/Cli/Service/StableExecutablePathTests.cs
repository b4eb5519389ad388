using TurtleHarbor.Cli.Service;

namespace TurtleHarbor.Tests.Cli.Service;

public sealed class StableExecutablePathTests
{
    [Theory]
    [InlineData("/opt/homebrew/Cellar/th/1.2.3/bin/th", "/opt/homebrew/opt/th/bin/th")]
    [InlineData("/usr/local/Cellar/th/1.2.3_1/bin/th", "/usr/local/opt/th/bin/th")]
    [InlineData("/home/linuxbrew/.linuxbrew/Cellar/th/0.1.0/bin/th", "/home/linuxbrew/.linuxbrew/opt/th/bin/th")]
    public void A_Homebrew_Cellar_path_becomes_the_opt_link_that_survives_upgrades(string cellar, string stable)
    {
        Assert.Equal(stable, StableExecutablePath.Resolve(cellar));
    }

    [Theory]
    [InlineData("/usr/local/bin/th")]
    [InlineData("/home/me/bin/th")]
    [InlineData("/home/me/Cellar/th")]
    public void Any_other_path_is_kept(string path)
    {
        Assert.Equal(path, StableExecutablePath.Resolve(path));
    }
}
