namespace TurtleHarbor.Core.Native;

/// <summary>
/// Runs a burst of spawns (many scripts started by one command) on a few threads at once. Each
/// posix_spawn blocks its caller until the child has exec'd (glibc's clone(CLONE_VM|CLONE_VFORK)),
/// and that wait, not the CPU spent, is most of a spawn's time: with several in flight the waits
/// overlap. Results keep the order of the requests whatever order the spawns ran in.
/// </summary>
/// <remarks>
/// Out of descriptors (EMFILE, ENFILE): every spawn in flight holds two pipes, so spawning side by side
/// would fail starts that one at a time still fits. After the first such failure the rest of the burst
/// runs on one thread; each start that still fails reports its own error.
/// </remarks>
internal static class SpawnBurst
{
    /// <summary>At most this many spawns in flight: a few overlap the exec waits, more only add runnable threads.</summary>
    public const int MaxThreads = 4;

    /// <summary>How many threads spawn <paramref name="count"/> children on <paramref name="processors"/> cores (1 for a single spawn).</summary>
    public static int Threads(int count, int processors) => Math.Clamp(Math.Min(count, 2 * Math.Max(processors, 1)), 1, MaxThreads);

    /// <summary>
    /// Calls <paramref name="spawn"/> once per request, on up to <paramref name="threads"/> threads (the
    /// caller's included), and returns each one's result or exception in request order. Never throws for
    /// a failed spawn; <paramref name="os"/> tells which failures are "out of descriptors".
    /// </summary>
    public static IReadOnlyList<(T? Result, Exception? Error)> Run<TRequest, T>(
        IReadOnlyList<TRequest> requests, Func<TRequest, T> spawn, int threads, ErrnoTable os)
        where T : class
    {
        var results = new (T? Result, Exception? Error)[requests.Count];
        var state = new Cursor(requests.Count);
        var helpers = new List<Thread>();
        for (var i = 1; i < Math.Min(threads, requests.Count); i++)
        {
            // Small stacks: a helper only marshals one request and waits in posix_spawn.
            var helper = new Thread(() => Work(requests, spawn, results, state, os, narrowedStops: true), 256 * 1024)
            {
                IsBackground = true,
                Name = "th spawn",
            };
            helper.Start();
            helpers.Add(helper);
        }

        Work(requests, spawn, results, state, os, narrowedStops: false);
        foreach (var helper in helpers)
        {
            helper.Join();
        }

        return results;
    }

    private static void Work<TRequest, T>(
        IReadOnlyList<TRequest> requests, Func<TRequest, T> spawn, (T? Result, Exception? Error)[] results, Cursor state, ErrnoTable os, bool narrowedStops)
        where T : class
    {
        while (!(narrowedStops && state.Narrowed) && state.TryTake(out var index))
        {
            try
            {
                results[index] = (spawn(requests[index]), null);
            }
            catch (Exception e)
            {
                results[index] = (null, e);
                if (e is NativeCallException native && ErrnoMeaning.IsOutOfDescriptors(native.Errno, os))
                {
                    state.Narrowed = true;
                }
            }
        }
    }

    /// <summary>The next request to take, shared by the threads of one burst.</summary>
    private sealed class Cursor(int count)
    {
        private int _next = -1;
        private volatile bool _narrowed;

        /// <summary>Set once a spawn ran out of descriptors: only the caller's thread goes on.</summary>
        public bool Narrowed
        {
            get => _narrowed;
            set => _narrowed = value;
        }

        public bool TryTake(out int index)
        {
            index = Interlocked.Increment(ref _next);
            return index < count;
        }
    }
}
