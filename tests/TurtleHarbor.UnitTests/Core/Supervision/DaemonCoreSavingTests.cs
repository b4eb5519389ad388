using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

public sealed class DaemonCoreSavingTests
{
    [Fact(Timeout = 60_000)]
    public async Task A_reply_sent_while_the_state_cannot_be_written_says_so_and_a_retry_saves_it_later()
    {
        await using var h = await CoreHarness.StartAsync("scripts:\n  web:\n    command: exec sleep 60\n");
        // rename(2) of the temp file over a directory fails (EISDIR), whoever runs the test.
        Directory.CreateDirectory(h.Paths.StateFile);

        var up = await h.SendAsync(new UpCommand(h.Config(), []));

        Assert.Equal(OutcomeKind.Started, Assert.Single(((OutcomesResult)up).Outcomes).Outcome);
        var failure = Assert.IsType<SaveFailure>(up.NotSaved);
        Assert.Equal(SavedFile.State, failure.File);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        Assert.DoesNotContain(h.Paths.Home, failure.Reason);

        Directory.Delete(h.Paths.StateFile);
        await Eventually.TrueAsync(
            async () =>
            {
                // The retry is a timer on the core's clock.
                await h.AdvanceAsync(TimeSpan.FromSeconds(1));
                return File.Exists(h.Paths.StateFile) && File.ReadAllText(h.Paths.StateFile).Contains("\"desired\": \"up\"", StringComparison.Ordinal);
            },
            "the retried save");
        Assert.Null((await h.SendAsync(new DownCommand(ConfigSource.Known(h.ConfigPath), ["web"]))).NotSaved);
    }
}
