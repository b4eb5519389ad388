namespace TurtleHarbor.Core.Native;

/// <summary>One process's resource use as the OS reports it at one moment.</summary>
/// <param name="CpuNanoseconds">User plus system CPU time since the process started, in nanoseconds; null when the OS would not tell (macOS EPERM for another user's process).</param>
/// <param name="RssBytes">Resident set size in bytes; null when unknown, as for the CPU time.</param>
internal readonly record struct ProcessUsage(int Pid, long? CpuNanoseconds, long? RssBytes);
