using System.Globalization;

namespace TurtleHarbor.Tests.Support;

/// <summary>Small /proc readers for assertions about a child (Linux only).</summary>
internal static class ProcFs
{
    public static string[] OpenFds(int pid) =>
        Directory.GetFileSystemEntries($"/proc/{pid}/fd").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();

    public static string FdTarget(int pid, int fd) =>
        new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? "";

    /// <summary>A field of /proc/pid/status, e.g. "SigIgn".</summary>
    public static string StatusField(int pid, string name) =>
        File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    public static ulong SignalMask(int pid, string name) =>
        ulong.Parse(StatusField(pid, name), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
