namespace TurtleHarbor.Core.Supervision;

/// <summary>What <c>th ps</c> shows of one process group at one sample.</summary>
/// <param name="CpuPercent">CPU time of the group's members over the interval since the previous sample, in percent of one core (200 = two cores busy); null when unknown.</param>
/// <param name="RssBytes">Resident memory summed over the members, in bytes; null when the OS told us about none.</param>
/// <param name="Processes">Live members.</param>
internal readonly record struct GroupResources(double? CpuPercent, long? RssBytes, int Processes);
