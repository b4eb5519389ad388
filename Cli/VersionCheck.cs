using System.Globalization;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli;

/// <summary>
/// Warns once when the daemon runs another version of th than this client (after an upgrade the old
/// daemon keeps running until 'th daemon restart'), and learns whether it gives receipts
/// (<see cref="PongResponse.Receipts"/>). What the daemon said is remembered in the home
/// together with the identity of that daemon (its pid and when its pid file was written), so a command
/// costs one ping per daemon start, not one per command. The warning is given once per daemon and
/// client version, on stderr, so it never disturbs --json output.
/// </summary>
internal static class VersionCheck
{
    public const string FileName = "version-check";

    /// <summary>Warns if the daemon's version differs; sets <see cref="IpcClient.GivesReceipts"/> from what the daemon said.</summary>
    public static async Task CheckAsync(ClientContext context, IpcClient client, CancellationToken cancellationToken)
    {
        var file = Path.Combine(context.Paths.Home, FileName);
        var identity = DaemonIdentity(context.Paths.Home);
        var seen = Read(file);
        var record = seen;
        if (identity is null || seen is null || seen.Daemon != identity)
        {
            var pong = ClientRequests.Expect<PongResponse>(await client.SendAsync(new PingRequest(), cancellationToken));
            record = new Seen(identity ?? "", pong.Version, "", pong.Receipts);
        }

        client.GivesReceipts = record!.Receipts;
        if (record.Version != context.Version && record.WarnedClient != context.Version)
        {
            context.Error.WriteLine(
                $"th: warning: the daemon runs th {record.Version}, this is th {context.Version}; " +
                "run 'th daemon restart' to switch (scripts that are up come back)");
            record = record with { WarnedClient = context.Version };
        }

        if (identity is not null && record != seen)
        {
            Write(file, record);
        }
    }

    /// <summary>"pid@ticks" of the running daemon's pid file, or null when there is none to go by.</summary>
    private static string? DaemonIdentity(string home)
    {
        var pidFile = Path.Combine(home, "daemon.pid");
        try
        {
            var pid = File.ReadAllText(pidFile).Trim();
            var written = File.GetLastWriteTimeUtc(pidFile).Ticks;
            return pid.Length > 0 ? $"{pid}@{written.ToString(CultureInfo.InvariantCulture)}" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Seen? Read(string file)
    {
        try
        {
            // Four lines and the final newline; a file from before receipts (three lines) costs one ping.
            var parts = File.ReadAllText(file).Split('\n');
            return parts.Length >= 5 ? new Seen(parts[0], parts[1], parts[2], parts[3] == "receipts") : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // A cache: losing a write only costs a ping (or a repeated warning), so errors are ignored.
    private static void Write(string file, Seen seen)
    {
        var temporary = $"{file}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temporary, $"{seen.Daemon}\n{seen.Version}\n{seen.WarnedClient}\n{(seen.Receipts ? "receipts" : "no-receipts")}\n");
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Next time: one more ping.
        }
    }

    private sealed record Seen(string Daemon, string Version, string WarnedClient, bool Receipts);
}
