using Microsoft.Extensions.Logging.Abstractions;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Logging.Loki;

namespace TurtleHarbor.Tests.Core.Supervision;

public sealed class LokiShippingTests
{
    private const string Loki = """
        settings:
          loki:
            url: http://127.0.0.1:9/
            labels: { environment: dev, host: my-mac }
        scripts:
          web: { command: echo hi }
        """;

    [Fact(Timeout = 30_000)]
    public async Task A_script_gets_job_project_host_static_and_script_labels_with_static_labels_winning_over_host()
    {
        var shipping = new LokiShipping(new LokiDaemonLogSink(TimeProvider.System), TimeProvider.System, NullLogger.Instance);
        var config = ConfigLoader.Parse(Loki, "/srv/shop/scripts.yml");
        shipping.Update([config]);

        var listener = shipping.ListenerFor(config, "web");

        Assert.NotNull(listener);
        Assert.Equal(
            new Dictionary<string, string> { ["job"] = "turtle-harbor", ["project"] = "shop", ["host"] = "my-mac", ["environment"] = "dev", ["script"] = "web" },
            listener.Labels);
        Assert.Equal("http://127.0.0.1:9/", listener.Pusher.Options.Url);
        await shipping.StopAsync(TimeSpan.Zero);
    }

    [Fact(Timeout = 30_000)]
    public async Task Configs_with_the_same_connection_share_one_pusher_and_a_disabled_one_is_listed_as_off()
    {
        var shipping = new LokiShipping(new LokiDaemonLogSink(TimeProvider.System), TimeProvider.System, NullLogger.Instance);
        var a = ConfigLoader.Parse(Loki, "/srv/a/scripts.yml");
        var b = ConfigLoader.Parse(Loki.Replace("environment: dev", "environment: prod"), "/srv/b/scripts.yml");
        var off = ConfigLoader.Parse(Loki.Replace("url:", "enabled: false\n    url:"), "/srv/c/scripts.yml");

        shipping.Update([a, b, off]);

        Assert.Same(shipping.ListenerFor(a, "web")!.Pusher, shipping.ListenerFor(b, "web")!.Pusher);
        Assert.Equal("prod", shipping.ListenerFor(b, "web")!.Labels["environment"]);
        Assert.Null(shipping.ListenerFor(off, "web"));
        var status = shipping.Status([a, b, off]);
        Assert.Equal(2, status.Length);
        Assert.Equal(["/srv/a/scripts.yml", "/srv/b/scripts.yml"], status[0].Configs);
        Assert.True(status[0].Enabled);
        Assert.False(status[1].Enabled);
        await shipping.StopAsync(TimeSpan.Zero);
    }

    [Fact(Timeout = 30_000)]
    public async Task Changed_settings_replace_the_pusher_and_removed_ones_retire_it()
    {
        var shipping = new LokiShipping(new LokiDaemonLogSink(TimeProvider.System), TimeProvider.System, NullLogger.Instance);
        var before = ConfigLoader.Parse(Loki, "/srv/a/scripts.yml");
        var after = ConfigLoader.Parse(Loki.Replace("labels:", "batch_size: 7\n    labels:"), "/srv/a/scripts.yml");
        shipping.Update([before]);
        var old = shipping.ListenerFor(before, "web")!.Pusher;

        shipping.Update([after]);

        var current = shipping.ListenerFor(after, "web")!.Pusher;
        Assert.NotSame(old, current);
        Assert.Equal(7, current.Options.BatchSize);
        Assert.Null(shipping.ListenerFor(before, "web"));
        shipping.Update([]);
        Assert.Empty(shipping.Status([]));
        await shipping.StopAsync(TimeSpan.Zero);
    }
}
