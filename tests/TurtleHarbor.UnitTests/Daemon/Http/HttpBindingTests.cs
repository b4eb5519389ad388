using TurtleHarbor.Core.Errors;
using TurtleHarbor.Daemon.Http;

namespace TurtleHarbor.Tests.Daemon.Http;

public sealed class HttpBindingTests
{
    [Theory]
    [InlineData("9090", "127.0.0.1:9090", true)]
    [InlineData(" 9090 ", "127.0.0.1:9090", true)]
    [InlineData("localhost:80", "127.0.0.1:80", true)]
    [InlineData("127.0.0.1:9090", "127.0.0.1:9090", true)]
    [InlineData("0.0.0.0:9090", "0.0.0.0:9090", false)]
    [InlineData("192.168.1.5:65535", "192.168.1.5:65535", false)]
    [InlineData("[::1]:9090", "[::1]:9090", true)]
    [InlineData("[::]:9090", "[::]:9090", false)]
    public void A_port_alone_is_loopback_and_an_address_is_taken_as_written(string value, string endPoint, bool loopback)
    {
        var binding = HttpBinding.Parse(value, "--http");
        Assert.Equal((endPoint, loopback), (binding.ToString(), binding.IsLoopback));
    }

    [Theory]
    [InlineData("", "'' is not a port")]
    [InlineData("0", "'0' is not a port (1 to 65535)")]
    [InlineData("65536", "'65536' is not a port")]
    [InlineData("-1", "'-1' is not a port")]
    [InlineData("http://127.0.0.1:9090", "'http://127.0.0.1' is not an IP address")]
    [InlineData("1.2.3:80", "'1.2.3' is not an IP address")]
    [InlineData("::1:9090", "'::1' is not an IP address")]
    [InlineData("host.example:80", "'host.example' is not an IP address")]
    public void A_bad_value_is_a_usage_error_naming_what_is_wrong(string value, string why)
    {
        var error = Assert.Throws<UsageException>(() => HttpBinding.Parse(value, "--http"));
        Assert.StartsWith($"--http '{value}' is not [ADDR:]PORT: ", error.Message);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void The_option_wins_over_the_environment_and_neither_means_off()
    {
        var environment = new Dictionary<string, string?> { [HttpBinding.EnvironmentVariable] = "8080" };
        Assert.Equal("127.0.0.1:9090", HttpBinding.Resolve("9090", environment.GetValueOrDefault)!.ToString());
        Assert.Equal("127.0.0.1:8080", HttpBinding.Resolve(null, environment.GetValueOrDefault)!.ToString());
        Assert.Null(HttpBinding.Resolve(null, _ => null));
        Assert.Null(HttpBinding.Resolve(null, _ => ""));
    }
}
