using System.Globalization;

namespace TurtleHarbor.Core.State;

/// <summary>
/// daemon.session: the pid, session id and start time of the daemon that owns this home. A script
/// spawned just before a crash may not be in state.json yet, but it is in the daemon's session, so
/// the successor can still find it (see <see cref="Native.SessionLeftovers"/>).
/// </summary>
internal static class DaemonSessionFile
{
    public static DaemonSession? Read(string path)
    {
        try
        {
            var fields = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return fields.Length == 3
                   && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                   && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sid)
                   && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? new DaemonSession(pid, sid, start)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Best effort, atomic (temp + rename): losing it only weakens the next recovery.</summary>
    public static bool TryWrite(string path, DaemonSession session)
    {
        var temp = $"{path}.tmp-{Environment.ProcessId}";
        try
        {
            File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{session.Pid} {session.SessionId} {session.StartTime}\n"));
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception inner) when (inner is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the next write tries again.
            }

            return false;
        }
    }
}
