using System.Collections.Immutable;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// What one sample found in process group <paramref name="Pgid"/>: each live member (zombies not
/// counted on Linux) with its CPU time and resident memory.
/// </summary>
internal sealed record GroupUsage(int Pgid, ImmutableArray<ProcessUsage> Processes)
{
    /// <summary>Resident memory summed over the members the OS told us about, in bytes; null when it told us about none.</summary>
    public long? RssBytes => Processes.Any(p => p.RssBytes is not null) ? Processes.Sum(p => p.RssBytes ?? 0) : null;
}
