using System.Collections.Immutable;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// One <c>down</c> of several scripts in <c>depends_on</c> order: a script is stopped only once every
/// dependent of it among the targets has stopped, so each level goes down in parallel after the level
/// above it. Lives until the command's last script has stopped.
/// </summary>
internal sealed class OrderedStop(ImmutableArray<ManagedScript> targets, PendingOutcomes<ScriptOutcome> outcomes)
{
    private readonly bool[] _begun = new bool[targets.Length];
    private readonly bool[] _stopped = new bool[targets.Length];

    public ImmutableArray<ManagedScript> Targets => targets;
    public PendingOutcomes<ScriptOutcome> Outcomes => outcomes;

    /// <summary>Indexes of targets not begun whose dependents among the targets have all stopped; marked begun.</summary>
    public List<int> TakeReady()
    {
        var ready = new List<int>();
        for (var i = 0; i < targets.Length; i++)
        {
            if (!_begun[i] && !HasRunningDependent(i))
            {
                ready.Add(i);
            }
        }

        ready.ForEach(i => _begun[i] = true);
        return ready;
    }

    public void MarkStopped(ManagedScript script)
    {
        var index = targets.IndexOf(script);
        if (index >= 0)
        {
            _stopped[index] = true;
        }
    }

    private bool HasRunningDependent(int index)
    {
        var name = targets[index].Key.Name;
        for (var j = 0; j < targets.Length; j++)
        {
            if (!_stopped[j] && j != index && targets[j].Spec.DependsOn.Any(d => d.Name == name))
            {
                return true;
            }
        }

        return false;
    }
}
