using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

public sealed class RestartDecisionTests
{
    private static readonly ExitStatus Failure = new(1, null);
    private static readonly ExitStatus Clean = new(0, null);
    private static readonly ExitStatus Killed = new(null, 9);

    private static ScriptSpec Spec(RestartPolicy policy, int maxRestarts = 5, double delaySeconds = 1) =>
        ConfigLoader.Parse("scripts:\n  s:\n    command: x\n", "/p/scripts.yml").Scripts[0] with
        {
            RestartPolicy = policy,
            MaxRestarts = maxRestarts,
            RestartDelay = TimeSpan.FromSeconds(delaySeconds),
        };

    [Fact]
    public void Backoff_doubles_from_restart_delay_and_is_capped_at_five_minutes()
    {
        var delays = Enumerable.Range(0, 12).Select(n => RestartDecision.Backoff(TimeSpan.FromSeconds(1), n).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300], delays);
        Assert.Equal(TimeSpan.FromMinutes(5), RestartDecision.Backoff(TimeSpan.FromSeconds(1), 1000));
        Assert.Equal(TimeSpan.Zero, RestartDecision.Backoff(TimeSpan.Zero, 3));
    }

    [Theory]
    [InlineData("always", 0, true)]
    [InlineData("always", 1, true)]
    [InlineData("on-failure", 0, false)]
    [InlineData("on-failure", 1, true)]
    [InlineData("never", 1, false)]
    public void The_policy_decides_on_the_exit_code_as_Docker_does(string policy, int code, bool restart)
    {
        var spec = ConfigLoader.Parse($"scripts:\n  s:\n    command: x\n    restart_policy: {policy}\n", "/p/scripts.yml").Scripts[0];

        var decision = RestartDecision.Decide(spec, new ExitStatus(code, null), TimeSpan.Zero, 0);

        Assert.Equal(restart, decision.Restart);
        Assert.False(decision.GaveUp);
    }

    [Fact]
    public void On_failure_restarts_a_script_killed_by_a_signal()
    {
        Assert.True(RestartDecision.Decide(Spec(RestartPolicy.OnFailure), Killed, TimeSpan.Zero, 0).Restart);
    }

    [Fact]
    public void A_crash_loop_gives_up_after_max_restarts_consecutive_restarts()
    {
        var spec = Spec(RestartPolicy.Always, maxRestarts: 3, delaySeconds: 0.5);
        var consecutive = 0;
        var delays = new List<double>();
        RestartDecision decision;
        while ((decision = RestartDecision.Decide(spec, Failure, TimeSpan.FromMilliseconds(10), consecutive)).Restart)
        {
            delays.Add(decision.Delay.TotalSeconds);
            consecutive = decision.ConsecutiveRestarts;
        }

        Assert.Equal([0.5, 1, 2], delays);
        Assert.True(decision.GaveUp);
    }

    [Fact]
    public void A_run_that_stayed_up_ten_seconds_resets_the_consecutive_count()
    {
        var spec = Spec(RestartPolicy.Always, maxRestarts: 3);

        var decision = RestartDecision.Decide(spec, Clean, TimeSpan.FromSeconds(10), consecutiveRestarts: 3);

        Assert.True(decision.Restart);
        Assert.Equal(1, decision.ConsecutiveRestarts);
        Assert.Equal(TimeSpan.FromSeconds(1), decision.Delay);
    }
}
