using System.Collections.Immutable;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// One <c>down</c> of several scripts in <c>depends_on</c> order: a script is stopped only once every
/// dependent of it among the targets has stopped, so each level goes down in parallel after the level
/// above it. Lives until the command's last script has stopped. Each step costs one pass over the
/// targets, so a <c>down</c> of many scripts without dependencies stays linear per stop.
/// </summary>
internal sealed class OrderedStop
{
    private readonly ImmutableArray<ManagedScript> _targets;
    private readonly bool[] _begun;
    private readonly bool[] _stopped;

    /// <summary>Per target: how many of its dependents among the targets have not stopped yet.</summary>
    private readonly int[] _dependentsLeft;

    /// <summary>Per target: the indexes of the targets it depends on.</summary>
    private readonly List<int>[] _dependencies;

    public OrderedStop(ImmutableArray<ManagedScript> targets, PendingOutcomes<ScriptOutcome> outcomes)
    {
        _targets = targets;
        Outcomes = outcomes;
        _begun = new bool[targets.Length];
        _stopped = new bool[targets.Length];
        _dependentsLeft = new int[targets.Length];
        _dependencies = new List<int>[targets.Length];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < targets.Length; i++)
        {
            index[targets[i].Key.Name] = i;
        }

        for (var i = 0; i < targets.Length; i++)
        {
            _dependencies[i] = [];
            foreach (var dependency in targets[i].Spec.DependsOn)
            {
                if (index.TryGetValue(dependency.Name, out var d) && d != i)
                {
                    _dependencies[i].Add(d);
                    _dependentsLeft[d]++;
                }
            }
        }
    }

    public ImmutableArray<ManagedScript> Targets => _targets;
    public PendingOutcomes<ScriptOutcome> Outcomes { get; }

    /// <summary>Indexes of targets not begun whose dependents among the targets have all stopped; marked begun.</summary>
    public List<int> TakeReady()
    {
        var ready = new List<int>();
        for (var i = 0; i < _targets.Length; i++)
        {
            if (!_begun[i] && _dependentsLeft[i] == 0)
            {
                _begun[i] = true;
                ready.Add(i);
            }
        }

        return ready;
    }

    public void MarkStopped(ManagedScript script)
    {
        var i = _targets.IndexOf(script);
        if (i < 0 || _stopped[i])
        {
            return;
        }

        _stopped[i] = true;
        foreach (var d in _dependencies[i])
        {
            _dependentsLeft[d]--;
        }
    }
}
