using SharpYaml;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// From a position in the text that <see cref="ExpandedYamlWriter"/> wrote back to the position of the same node in
/// the user's file: the later passes read the written text, and every problem they find is reported where the user
/// wrote the node (for a node reached through an alias: where it is anchored).
/// </summary>
internal sealed class PositionMap
{
    private readonly List<int> _indexes = [];
    private readonly List<Mark> _originals = [];

    /// <summary>Records that the node written at <paramref name="index"/> was written by the user at <paramref name="original"/>.</summary>
    public void Add(int index, Mark original)
    {
        _indexes.Add(index);
        _originals.Add(original);
    }

    /// <summary>The user's position of the node written at or last before <paramref name="written"/>.</summary>
    public Mark Original(Mark written)
    {
        // Indexes only grow. Of equal ones (a mapping and its first key, written as one block line) the first, the
        // mapping: for a block mapping both are one position in the user's file, for a flow one it is the brace.
        var lo = 0;
        var hi = _indexes.Count - 1;
        var found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (_indexes[mid] <= written.Index)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        while (found > 0 && _indexes[found - 1] == _indexes[found])
        {
            found--;
        }

        return found < 0 ? written : _originals[found];
    }
}
