using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>How many starts fit under RLIMIT_NOFILE less the daemon's reserve.</summary>
public sealed class DescriptorBudgetTests
{
    [Fact]
    public void Without_a_limit_every_start_goes_ahead_and_nothing_is_counted()
    {
        var counts = 0;

        Assert.Equal(300, DescriptorBudget.StartsAllowed(null, 0, 300, () => ++counts));
        Assert.Equal(0, counts);
    }

    [Fact]
    public void Far_from_the_limit_every_start_goes_ahead_without_counting()
    {
        var counts = 0;

        Assert.Equal(300, DescriptorBudget.StartsAllowed(524_288, 1_000, 300, () => ++counts));
        Assert.Equal(0, counts);
    }

    [Theory]
    [InlineData(160, 100, 80, 7)] // (160 - 32 - 100) / 4
    [InlineData(160, 100, 5, 5)]
    [InlineData(160, 125, 80, 0)] // 3 left above the reserve: not enough for one script
    [InlineData(160, 150, 80, 0)] // already inside the reserve
    [InlineData(1024, 96, 300, 224)] // (1024 - 32 - 96) / 4
    public void Near_the_limit_the_starts_that_fit_above_the_reserve_go_ahead(long limit, int open, int wanted, int allowed)
    {
        Assert.Equal(allowed, DescriptorBudget.StartsAllowed(limit, 0, wanted, () => open));
    }

    [Fact]
    public void When_the_count_is_unknown_nothing_is_refused()
    {
        Assert.Equal(80, DescriptorBudget.StartsAllowed(160, 0, 80, () => null));
    }

    [Fact]
    public void The_refusal_names_the_reserve_the_limit_and_how_to_raise_it()
    {
        var text = DescriptorBudget.Refusal(160);

        Assert.Contains($"last {DescriptorBudget.Reserve} file descriptors", text);
        Assert.Contains("limit 160", text);
        Assert.Contains("ulimit -n", text);
        Assert.Contains("NumberOfFiles", text);
    }
}
