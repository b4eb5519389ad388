using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// CPU and memory of each script's process group: sampled when a client asks for the status (one
/// sample of every running group at once), and every <see cref="MemorySampleInterval"/> for the groups
/// of running scripts with <c>max_memory</c>, which restart after <see cref="MemorySamplesOverLimit"/>
/// samples in a row above it. No timer runs while no such script runs: an idle daemon never wakes up to sample.
/// </summary>
internal sealed partial class DaemonCore
{
    /// <summary>How often the groups of running scripts with <c>max_memory</c> are sampled.</summary>
    internal static readonly TimeSpan MemorySampleInterval = TimeSpan.FromSeconds(5);

    /// <summary>Samples in a row above <c>max_memory</c> that restart a script: a short spike does not.</summary>
    internal const int MemorySamplesOverLimit = 2;

    private ResourceMeter? _meter;
    private ITimer? _memoryTimer;

    /// <summary>The snapshots with the CPU, memory and process count of each script's current group, from one sample of all of them.</summary>
    private ImmutableArray<ScriptSnapshot> WithResources(ImmutableArray<ScriptSnapshot> snapshots)
    {
        var scripts = snapshots.Select(s => _scripts.GetValueOrDefault(new ScriptKey(s.Config, s.Name))).ToList();
        var runs = scripts.Select(s => s?.Run).OfType<ScriptRun>().ToList();
        var figures = runs.Count == 0 ? [] : Measure(runs);
        return [.. snapshots.Select((snapshot, i) => scripts[i] is not { } script ? snapshot : snapshot with
        {
            CpuPercent = script.Run is { } run ? figures[run.Pgid].CpuPercent : null,
            RssBytes = script.Run is { } withRss ? figures[withRss.Pgid].RssBytes : null,
            Processes = script.Run is { } withMembers ? figures[withMembers.Pgid].Processes : null,
            MemoryRestarts = script.Spec.MaxMemory is null && script.MemoryRestarts == 0 ? null : script.MemoryRestarts,
        })];
    }

    /// <summary>One sample of the groups of <paramref name="runs"/> (one /proc pass on Linux, however many).</summary>
    private Dictionary<int, GroupResources> Measure(IReadOnlyList<ScriptRun> runs)
    {
        var meter = _meter ??= new ResourceMeter(_time);
        IReadOnlyDictionary<int, Native.GroupUsage> usage;
        try
        {
            usage = _host.SampleGroups(runs.Select(r => r.Pgid).ToHashSet());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Out of descriptors (EMFILE) or /proc unreadable: the figures are unknown, never a failed ps or a lost check.
            _log.ResourceSampleFailed(e.Message);
            usage = new Dictionary<int, Native.GroupUsage>();
        }

        meter.KeepOnly(_scripts.Values.Select(s => s.Run?.Pgid).OfType<int>().ToHashSet());
        var figures = new Dictionary<int, GroupResources>();
        foreach (var run in runs)
        {
            figures[run.Pgid] = meter.Record(run.Pgid, usage.GetValueOrDefault(run.Pgid), run.StartedAt);
        }

        return figures;
    }

    /// <summary>A run of a script with <c>max_memory</c> started: make sure its group is sampled.</summary>
    private void WatchMemory(ManagedScript script)
    {
        if (script.Spec.MaxMemory is not null && _memoryTimer is null && !_shuttingDown)
        {
            _memoryTimer = Schedule(MemorySampleInterval, new MemoryCheckDue());
        }
    }

    private static bool IsMemoryWatched(ManagedScript script) =>
        script.Spec.MaxMemory is not null && script.Run is { Exit: null, Stopping: false };

    private void OnMemoryCheckDue()
    {
        _memoryTimer?.Dispose();
        _memoryTimer = null;
        var watched = _scripts.Values.Where(IsMemoryWatched).ToList();
        if (watched.Count == 0 || _shuttingDown)
        {
            // Nothing to watch: no timer until the next start of a script with max_memory.
            return;
        }

        var figures = Measure([.. watched.Select(s => s.Run!)]);
        foreach (var script in watched)
        {
            CheckMemory(script, script.Run!, figures[script.Run!.Pgid]);
        }

        _memoryTimer = Schedule(MemorySampleInterval, new MemoryCheckDue());
    }

    /// <summary>
    /// Above the limit for <see cref="MemorySamplesOverLimit"/> samples in a row: stop the group as
    /// <c>down</c> would (stop_signal, stop_timeout, SIGKILL) but as a failure, so the run's end goes
    /// through the restart policy's backoff and max_restarts with trigger <c>memory</c>.
    /// </summary>
    private void CheckMemory(ManagedScript script, ScriptRun run, GroupResources figures)
    {
        var limit = script.Spec.MaxMemory!.Value;
        if (figures.RssBytes is not { } rss || rss <= limit)
        {
            run.SamplesOverMemory = 0;
            return;
        }

        if (++run.SamplesOverMemory < MemorySamplesOverLimit)
        {
            return;
        }

        script.Log.WriteEvent($"memory {HumanBytes.Format(rss)} above max_memory {HumanBytes.Format(limit, wholeWithoutDecimal: true)} for {run.SamplesOverMemory} samples; restarting");
        _log.ScriptOverMemory(script.Key.Name, rss, limit);
        run.RestartForMemory = true;
        script.MemoryRestarts++;
        MarkDirty();
        Notify(script, NotifyEvent.Memory, null);
        StopGroup(script, run);
    }
}
