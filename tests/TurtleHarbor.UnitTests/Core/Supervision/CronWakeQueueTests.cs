using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>The one queue of cron looks behind the daemon's single cron timer.</summary>
public sealed class CronWakeQueueTests
{
    private static ScriptKey Key(string name) => new("/p/scripts.yml", name);

    [Fact]
    public void Due_looks_come_out_earliest_first_and_later_ones_stay_queued()
    {
        var queue = new CronWakeQueue();
        queue.Add(Key("c"), 1, due: 300);
        queue.Add(Key("a"), 1, due: 100);
        queue.Add(Key("b"), 1, due: 200);
        queue.Add(Key("d"), 1, due: 400);

        Assert.Equal(100, queue.EarliestDue);
        Assert.Equal(["a", "b", "c"], queue.TakeDue(300).Select(e => e.Key.Name));
        Assert.Equal(400, queue.EarliestDue);
        Assert.Empty(queue.TakeDue(399));
        Assert.Equal(["d"], queue.TakeDue(400).Select(e => e.Key.Name));
        Assert.Null(queue.EarliestDue);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Looks_due_at_the_same_moment_come_out_in_the_order_they_were_queued()
    {
        var queue = new CronWakeQueue();
        var names = Enumerable.Range(0, 1_000).Select(i => $"s{i}").ToArray();
        foreach (var name in names)
        {
            queue.Add(Key(name), 1, due: 50);
        }

        Assert.Equal(names, queue.TakeDue(50).Select(e => e.Key.Name));
    }

    [Fact]
    public void A_re_armed_script_keeps_both_entries_and_each_carries_its_own_generation()
    {
        // The core drops the entry whose generation is no longer the script's; the queue never searches for it.
        var queue = new CronWakeQueue();
        queue.Add(Key("job"), 1, due: 100);
        queue.Add(Key("job"), 2, due: 50);

        Assert.Equal([(2L, "job"), (1L, "job")], queue.TakeDue(100).Select(e => (e.Generation, e.Key.Name)));
    }
}
