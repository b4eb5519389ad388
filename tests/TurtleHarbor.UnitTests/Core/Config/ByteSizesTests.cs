using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Tests.Core.Config;

public sealed class ByteSizesTests
{
    [Theory]
    [InlineData("512", 512L)]
    [InlineData("512B", 512L)]
    [InlineData("1KB", 1024L)]
    [InlineData("10MB", 10L * 1024 * 1024)]
    [InlineData("10mb", 10L * 1024 * 1024)]
    [InlineData("2 GB", 2L * 1024 * 1024 * 1024)]
    [InlineData("1.5KB", 1536L)]
    public void Good_sizes_parse(string text, long bytes)
    {
        Assert.True(ByteSizes.TryParse(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("-1MB")]
    [InlineData("10TB")]
    [InlineData("10 M")]
    [InlineData("ten")]
    [InlineData("99999999999GB")]
    public void Bad_sizes_are_refused(string text)
    {
        Assert.False(ByteSizes.TryParse(text, out _));
    }
}
