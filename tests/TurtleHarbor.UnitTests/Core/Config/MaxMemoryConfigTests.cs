using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

using static ConfigTestFiles;

public sealed class MaxMemoryConfigTests
{
    [Fact]
    public void No_max_memory_is_no_limit()
    {
        var spec = ConfigLoader.Parse("scripts:\n  web:\n    command: x\n", Path).Scripts[0];

        Assert.Null(spec.MaxMemory);
    }

    [Theory]
    [InlineData("512MB", 512L * 1024 * 1024)]
    [InlineData("1GB", 1024L * 1024 * 1024)]
    [InlineData("1.5gb", 1536L * 1024 * 1024)]
    [InlineData("1048576", 1024L * 1024)]
    public void Max_memory_is_a_byte_size(string text, long bytes)
    {
        var spec = ConfigLoader.Parse($"scripts:\n  web:\n    command: x\n    max_memory: {text}\n", Path).Scripts[0];

        Assert.Equal(bytes, spec.MaxMemory);
    }

    [Theory]
    [InlineData("lots", "4:17: 'max_memory': bad size 'lots'; " + ByteSizes.Help)]
    [InlineData("-5MB", "4:17: 'max_memory' must not be negative, found '-5MB'")]
    [InlineData("0", "4:17: 'max_memory': bad size '0'; " + ByteSizes.Help)]
    [InlineData("100KB", "4:17: 'max_memory' must be at least 1MB, found '100KB'")]
    [InlineData("2000GB", "4:17: 'max_memory' is too large (at most 1024GB), found '2000GB'")]
    public void A_bad_max_memory_is_refused_at_its_position(string text, string expected)
    {
        Assert.Equal(expected, Problem($"scripts:\n  web:\n    command: x\n    max_memory: {text}\n"));
    }

    [Fact]
    public void A_changed_max_memory_is_a_changed_field()
    {
        var before = ConfigLoader.Parse("scripts:\n  web:\n    command: x\n    max_memory: 1GB\n", Path).Scripts[0];
        var after = ConfigLoader.Parse("scripts:\n  web:\n    command: x\n    max_memory: 512MB\n", Path).Scripts[0];

        Assert.Equal(new[] { "max_memory" }, ScriptSpecDiff.ChangedFields(before, after).ToArray());
        Assert.NotEqual(before, after);
    }

    [Theory]
    [InlineData(0, false, "0B")]
    [InlineData(1023, false, "1023B")]
    [InlineData(1024, false, "1.0K")]
    [InlineData(12_897_484, false, "12.3M")]
    [InlineData(641_728_512, false, "612.0M")]
    [InlineData(536_870_912, true, "512M")]
    [InlineData(1_610_612_736, true, "1.5G")]
    public void Sizes_print_for_people_in_binary_units(long bytes, bool wholeWithoutDecimal, string expected)
    {
        Assert.Equal(expected, HumanBytes.Format(bytes, wholeWithoutDecimal));
    }
}
