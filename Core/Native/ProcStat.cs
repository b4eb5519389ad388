using System.Globalization;
using System.Text;

namespace TurtleHarbor.Core.Native;

/// <summary>The fields th reads from Linux /proc/&lt;pid&gt;/stat (proc_pid_stat(5)).</summary>
/// <param name="StartTime">Field 22, clock ticks after boot.</param>
/// <param name="UserTicks">Field 14 (utime), clock ticks (sysconf(_SC_CLK_TCK)) in user mode.</param>
/// <param name="SystemTicks">Field 15 (stime), clock ticks in kernel mode.</param>
/// <param name="RssPages">Field 24 (rss), resident pages (the same count as VmRSS in /proc/PID/status).</param>
internal readonly record struct ProcStat(int Pid, char State, int ProcessGroupId, int SessionId, long StartTime, long UserTicks = 0, long SystemTicks = 0, long RssPages = 0)
{
    /// <summary>
    /// Every process /proc lists, read one by one (one pass shared by every caller that needs many
    /// processes at once: live groups, group members, resource samples). A process that vanished
    /// between the listing and the read is skipped.
    /// </summary>
    public static IEnumerable<ProcStat> ReadAll()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory.AsSpan()), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } stat)
            {
                yield return stat;
            }
        }
    }

    /// <summary>Null when the process does not exist (or vanished while we read).</summary>
    public static unsafe ProcStat? Read(int pid)
    {
        // open, read and close straight into the stack: a sample reads every process's stat file, and
        // the kernel's work is most of the cost already (File.OpenHandle would add fstat and flock,
        // ReadAllText a reader and buffers per file).
        Span<byte> path = stackalloc byte[32];
        "/proc/"u8.CopyTo(path);
        pid.TryFormat(path[6..], out var digits, default, CultureInfo.InvariantCulture);
        "/stat\0"u8.CopyTo(path[(6 + digits)..]);
        Span<byte> buffer = stackalloc byte[MaxLength];
        nint length;
        fixed (byte* file = path)
        fixed (byte* text = buffer)
        {
            // A bare fd, closed below on every path: it lives for one read. ENOENT: no such process;
            // EACCES: /proc mounted with hidepid hides another user's, so not ours.
            var fd = Libc.open(file, NativeFlags.O_RDONLY | NativeFlags.O_CLOEXEC);
            if (fd < 0)
            {
                return null;
            }

            try
            {
                // One read returns the whole line (a seq_file); ESRCH when the process is reaped after the open.
                length = Libc.read(fd, text, (nuint)buffer.Length);
            }
            finally
            {
                Libc.close(fd);
            }
        }

        return length <= 0 ? null : Parse(pid, buffer[..(int)length]);
    }

    /// <summary>Field 2 (comm) is in parentheses and may hold spaces and ')', so the fields start after the last ')'.</summary>
    public static ProcStat? Parse(int pid, string text) => Parse(pid, Encoding.UTF8.GetBytes(text));

    /// <inheritdoc cref="Parse(int, string)"/>
    public static ProcStat? Parse(int pid, ReadOnlySpan<byte> text)
    {
        var close = text.LastIndexOf((byte)')');
        if (close < 0)
        {
            return null;
        }

        // Fields 3 (state) to 24 (rss), split on single spaces as the kernel writes them.
        Span<long> numbers = stackalloc long[LastField + 1];
        var state = '\0';
        var rest = text[(close + 1)..].TrimStart((byte)' ');
        var field = 3;
        for (; field <= LastField && !rest.IsEmpty; field++)
        {
            var end = rest.IndexOfAny((byte)' ', (byte)'\n');
            var token = end < 0 ? rest : rest[..end];
            if (field == 3)
            {
                if (token.Length != 1)
                {
                    return null;
                }

                state = (char)token[0];
            }
            else if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[field]))
            {
                return null;
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        // Up to field 22 (starttime) is required; rss (24) reads as 0 on a line that stops short of it.
        if (field <= 22)
        {
            return null;
        }

        return new ProcStat(pid, state, (int)numbers[5], (int)numbers[6], numbers[22], numbers[14], numbers[15], numbers[24]);
    }

    /// <summary>The last field th reads (24, rss).</summary>
    private const int LastField = 24;

    /// <summary>Enough for any stat line: 52 numbers of at most 20 digits and a comm of at most 64 bytes.</summary>
    private const int MaxLength = 2048;
}
