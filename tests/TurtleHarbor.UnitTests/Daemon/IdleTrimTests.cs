using Microsoft.Extensions.Time.Testing;
using TurtleHarbor.Daemon;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Ipc.Server;
using TurtleHarbor.Tests.Ipc.Server;

namespace TurtleHarbor.Tests.Daemon;

public sealed class IdleTrimTests
{
    private readonly FakeTimeProvider _time = new();
    private int _trims;

    [Fact]
    public void The_start_is_the_first_burst_it_trims_after()
    {
        using var trim = new IdleTrim(FakeHandler.Pong(), _time, () => _trims++);
        _time.Advance(IdleTrim.QuietPeriod - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _trims);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _trims);
        _time.Advance(IdleTrim.QuietPeriod * 10);
        Assert.Equal(1, _trims);
    }

    [Fact]
    public async Task A_request_ending_starts_the_quiet_period_again()
    {
        using var trim = new IdleTrim(FakeHandler.Pong(), _time, () => _trims++);
        _time.Advance(IdleTrim.QuietPeriod / 2);
        await trim.HandleAsync(new PingRequest(), new DiscardingWriter(), CancellationToken.None);
        _time.Advance(IdleTrim.QuietPeriod / 2);
        Assert.Equal(0, _trims);
        _time.Advance(IdleTrim.QuietPeriod / 2);
        Assert.Equal(1, _trims);
    }

    [Fact]
    public async Task Nothing_is_trimmed_while_a_request_runs_and_the_trim_follows_its_end()
    {
        var release = new TaskCompletionSource();
        using var trim = new IdleTrim(new FakeHandler((_, _, _) => release.Task), _time, () => _trims++);
        var following = trim.HandleAsync(new PingRequest(), new DiscardingWriter(), CancellationToken.None);
        _time.Advance(IdleTrim.QuietPeriod * 5);
        Assert.Equal(0, _trims);
        release.SetResult();
        await following;
        _time.Advance(IdleTrim.QuietPeriod);
        Assert.Equal(1, _trims);
    }

    [Fact]
    public async Task A_failing_request_still_ends_its_burst()
    {
        using var trim = new IdleTrim(new FakeHandler((_, _, _) => throw new InvalidOperationException("boom")), _time, () => _trims++);
        await Assert.ThrowsAsync<InvalidOperationException>(() => trim.HandleAsync(new PingRequest(), new DiscardingWriter(), CancellationToken.None));
        _time.Advance(IdleTrim.QuietPeriod);
        Assert.Equal(1, _trims);
    }

    private sealed class DiscardingWriter : IResponseWriter
    {
        public ValueTask WriteAsync(Response response, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
