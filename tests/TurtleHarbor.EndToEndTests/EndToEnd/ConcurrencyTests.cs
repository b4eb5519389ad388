namespace TurtleHarbor.Tests.EndToEnd;

public sealed class ConcurrencyTests
{
    [Fact(Timeout = 300_000)]
    public async Task Twenty_clients_with_fifty_requests_each_get_consistent_answers()
    {
        await using var th = new ThHome();
        th.WriteConfig("""
            scripts:
              a:
                command: exec sleep 1000
              b:
                command: exec sleep 1000
            """);
        await th.OkAsync("up");
        var expected = (await th.PsAsync()).ToDictionary(r => r.Name, r => r.Pid);

        var clients = Enumerable.Range(0, 20).Select(async client =>
        {
            using var connection = await RawClient.ConnectAsync(Path.Combine(th.Home, "daemon.sock"));
            for (var i = 0; i < 50; i++)
            {
                var answer = await connection.RequestAsync($$"""{"type":"ps","config_path":"{{th.ConfigPath}}","all":false}""");
                Assert.Contains("\"type\":\"status\"", answer);
                foreach (var (name, pid) in expected)
                {
                    Assert.Contains($"\"name\":\"{name}\"", answer);
                    Assert.Contains($"\"pid\":{pid}", answer);
                }
            }
        });
        await Task.WhenAll(clients);

        Assert.Equal(expected, (await th.PsAsync()).ToDictionary(r => r.Name, r => r.Pid));
    }
}
