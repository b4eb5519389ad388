using System.Collections.Immutable;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// Collects the per-script outcomes of one command whose scripts finish at different times (a stop
/// waits for an exit) and builds the result once the last one is in.
/// </summary>
internal sealed class PendingOutcomes<T>(int count, Action<ImmutableArray<T>> complete)
{
    private readonly T[] _slots = new T[count];
    private int _remaining = count;

    public void Set(int index, T outcome)
    {
        _slots[index] = outcome;
        if (--_remaining == 0)
        {
            complete(ImmutableArray.Create(_slots));
        }
    }

    /// <summary>Completes at once when the command touched no script at all.</summary>
    public void CompleteIfEmpty()
    {
        if (_slots.Length == 0)
        {
            complete([]);
        }
    }
}
