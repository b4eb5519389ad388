using System.Collections.Concurrent;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

/// <summary>The spawn burst's decisions, driven with a stand-in spawn function (no process is started).</summary>
public sealed class SpawnBurstTests
{
    [Theory]
    [InlineData(0, 2, 1)]
    [InlineData(1, 8, 1)]
    [InlineData(3, 8, 3)]
    [InlineData(300, 1, 2)]
    [InlineData(300, 2, SpawnBurst.MaxThreads)]
    [InlineData(300, 64, SpawnBurst.MaxThreads)]
    public void A_burst_uses_a_few_threads_never_more_than_spawns(int count, int processors, int expected) =>
        Assert.Equal(expected, SpawnBurst.Threads(count, processors));

    [Fact]
    public void Every_request_is_spawned_once_and_results_keep_request_order()
    {
        var requests = Enumerable.Range(0, 200).ToArray();
        var calls = new ConcurrentBag<int>();

        var results = SpawnBurst.Run(requests, r => { calls.Add(r); return $"child {r}"; }, SpawnBurst.MaxThreads, ErrnoTable.Linux);

        Assert.Equal(requests, calls.Order());
        Assert.Equal(requests.Select(r => ((string?)$"child {r}", (Exception?)null)), results.Select(r => (r.Result, r.Error)));
    }

    [Fact]
    public void A_failed_spawn_is_that_requests_error_and_the_others_still_start()
    {
        var results = SpawnBurst.Run(
            Enumerable.Range(0, 50).ToArray(),
            r => r % 7 == 3 ? throw new NativeCallException("posix_spawn", ErrnoTable.Linux.ENOENT) : $"child {r}",
            SpawnBurst.MaxThreads,
            ErrnoTable.Linux);

        for (var r = 0; r < 50; r++)
        {
            if (r % 7 == 3)
            {
                Assert.Null(results[r].Result);
                Assert.Equal(ErrnoTable.Linux.ENOENT, Assert.IsType<NativeCallException>(results[r].Error).Errno);
            }
            else
            {
                Assert.Equal(((string?)$"child {r}", (Exception?)null), results[r]);
            }
        }
    }

    [Theory]
    [InlineData(24)]
    [InlineData(23)]
    public void Out_of_descriptors_the_rest_of_the_burst_runs_on_the_callers_thread_alone(int errno)
    {
        // Every spawn fails: a helper thread stops after its first failure, so each helper makes at most
        // one attempt and the caller's thread makes all the others; every request is still attempted.
        var caller = Environment.CurrentManagedThreadId;
        var byThread = new ConcurrentDictionary<int, int>();

        var results = SpawnBurst.Run(
            Enumerable.Range(0, 40).ToArray(),
            string (r) =>
            {
                byThread.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1);
                throw new NativeCallException("pipe2", errno);
            },
            SpawnBurst.MaxThreads,
            ErrnoTable.Linux);

        Assert.All(results, r => Assert.Equal(errno, Assert.IsType<NativeCallException>(r.Error).Errno));
        Assert.Equal(40, byThread.Values.Sum());
        Assert.All(byThread.Where(t => t.Key != caller), t => Assert.Equal(1, t.Value));
        Assert.True(byThread.Count <= SpawnBurst.MaxThreads, $"{byThread.Count} threads spawned");
    }

    [Fact]
    public void Other_failures_do_not_narrow_the_burst()
    {
        // With every spawn failing for another reason, no helper stops early: unlike the test above, a
        // helper that started may make more than one attempt. What is asserted is only that all are made.
        var attempts = 0;

        var results = SpawnBurst.Run(
            Enumerable.Range(0, 40).ToArray(),
            string (r) =>
            {
                Interlocked.Increment(ref attempts);
                throw new NativeCallException("posix_spawn", ErrnoTable.Linux.EACCES);
            },
            SpawnBurst.MaxThreads,
            ErrnoTable.Linux);

        Assert.Equal(40, attempts);
        Assert.All(results, r => Assert.IsType<NativeCallException>(r.Error));
    }
}
