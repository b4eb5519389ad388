using System.Globalization;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// The pages of files the daemon has mapped read-only (Linux): th's own binary and the libraries it loaded.
/// Starting the daemon, parsing a config and answering a command touch megabytes of th's code and read-only
/// data that an idle daemon does not use again; they stay mapped, and so counted in its RSS, until unmapped.
/// <see cref="Trim"/> unmaps them; the page cache keeps the files, so a later touch maps a page again (a minor
/// fault) rather than reading the disk.
/// </summary>
internal static class MappedFilePages
{
    /// <summary>
    /// Drops the daemon's read-only file mappings' pages with madvise(MADV_DONTNEED), and returns how many bytes
    /// of resident pages were dropped (0 when not Linux). Only mappings that are not writable and hold no private
    /// copy of a page (smaps "Anonymous: 0 kB", so not a RELRO page that ld.so relocated) are touched: their pages
    /// are exactly the file's, and mapping them again is lossless. Facts from proc_pid_smaps(5) and madvise(2).
    /// </summary>
    /// <exception cref="IOException">/proc/self/smaps cannot be read.</exception>
    public static long Trim()
    {
        if (!OperatingSystem.IsLinux() || new FileInfo("/proc/self/exe").LinkTarget is not { } exe)
        {
            return 0;
        }

        long dropped = 0;
        foreach (var mapping in Droppable(File.ReadLines("/proc/self/smaps"), exe))
        {
            if (Libc.madvise(mapping.Start, mapping.Length, Libc.Madvise.DontNeed) == 0)
            {
                dropped += mapping.ResidentBytes;
            }
        }

        return dropped;
    }

    /// <summary>A mapping's address range and how much of it is resident, in bytes.</summary>
    internal readonly record struct Mapping(nint Start, nuint Length, long ResidentBytes);

    /// <summary>
    /// The mappings of the binary <paramref name="exe"/> and of shared libraries (*.so, *.so.N) that are resident,
    /// not writable and hold no private page, in the lines of a /proc/PID/smaps (proc_pid_smaps(5)): the ones
    /// whose pages madvise(MADV_DONTNEED) can drop losslessly. Only those two kinds, because they stay mapped
    /// for the life of the process (the runtime never unloads a native library), so an address read here still
    /// names the same mapping at the madvise; a file the runtime maps and unmaps (a JIT build's .dll) might
    /// by then have left its addresses to anonymous memory, which MADV_DONTNEED would zero.
    /// </summary>
    internal static List<Mapping> Droppable(IEnumerable<string> smaps, string exe)
    {
        var found = new List<Mapping>();
        bool candidate = false;
        nint start = 0;
        nuint length = 0;
        long resident = 0;
        foreach (var line in smaps)
        {
            if (IsHeader(line))
            {
                // "start-end perms offset dev inode path": the path may hold spaces, so it is the rest after the inode.
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var range = fields[0].Split('-');
                start = (nint)long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                length = (nuint)(long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) - start);
                candidate = fields.Length == 6 && fields[1][1] != 'w' && (fields[5] == exe || IsSharedLibrary(fields[5]));
                resident = 0;
                continue;
            }

            if (!candidate)
            {
                continue;
            }

            if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                resident = Kib(line) * 1024;
            }
            else if (line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                // The last field of a mapping that matters here comes after Rss.
                if (Kib(line) == 0 && resident > 0)
                {
                    found.Add(new Mapping(start, length, resident));
                }

                candidate = false;
            }
        }

        return found;
    }

    private static bool IsSharedLibrary(string path)
    {
        var name = Path.GetFileName(path.AsSpan());
        return path.StartsWith('/') && (name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal));
    }

    /// <summary>A mapping's first line starts with its address range; its field lines with a name and a colon ("Rss:").</summary>
    private static bool IsHeader(string line)
    {
        var space = line.IndexOf(' ');
        return space > 0 && line[space - 1] != ':';
    }

    private static long Kib(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
}
