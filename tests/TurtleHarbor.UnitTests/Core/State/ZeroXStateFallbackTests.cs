using TurtleHarbor.Core.State;

namespace TurtleHarbor.Tests.Core.State;

/// <summary>Where turtle-harbor 0.x kept its state on Linux: the dirs crate's data_dir() (dirs-sys: XDG_DATA_HOME if absolute, else ~/.local/share).</summary>
public sealed class ZeroXStateFallbackTests
{
    [Theory]
    [InlineData("/home/u", null, "/home/u/.local/share/turtle-harbor/state.json")]
    [InlineData("/home/u", "", "/home/u/.local/share/turtle-harbor/state.json")]
    [InlineData("/home/u", "/data", "/data/turtle-harbor/state.json")]
    [InlineData("/home/u", "relative/data", "/home/u/.local/share/turtle-harbor/state.json")]
    [InlineData(null, "/data", "/data/turtle-harbor/state.json")]
    [InlineData(null, null, null)]
    public void The_path_follows_data_dir(string? home, string? xdgDataHome, string? expected)
    {
        var environment = new Dictionary<string, string?> { ["HOME"] = home, ["XDG_DATA_HOME"] = xdgDataHome };
        Assert.Equal(expected, ZeroXStateFallback.LinuxPath(name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void A_file_that_is_not_0x_state_is_left_alone_and_an_existing_own_state_wins()
    {
        var dir = Directory.CreateTempSubdirectory("th-0x-").FullName;
        try
        {
            var zeroX = Path.Combine(dir, "old.json");
            var own = Path.Combine(dir, "state.json");
            File.WriteAllText(zeroX, """{"something": "else"}""");
            Assert.Null(ZeroXStateFallback.Adopt(own, zeroX, TimeProvider.System));
            Assert.False(File.Exists(own));

            File.WriteAllText(zeroX, """{"version": 3, "scripts": [{"name": "a", "explicitly_stopped": false, "config_path": "/p/scripts.yml"}]}""");
            File.WriteAllText(own, "{}");
            Assert.Null(ZeroXStateFallback.Adopt(own, zeroX, TimeProvider.System));
            Assert.True(File.Exists(zeroX));

            File.Delete(own);
            var adopted = ZeroXStateFallback.Adopt(own, zeroX, TimeProvider.System);
            Assert.NotNull(adopted);
            Assert.False(File.Exists(zeroX));
            Assert.Equal(File.ReadAllText(adopted.KeptAs), File.ReadAllText(own));
            Assert.StartsWith(zeroX + ".imported-", adopted.KeptAs, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
