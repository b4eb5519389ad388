using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli;

/// <summary>
/// Finds out who is on the socket by asking th's own question (a ping): a bare connect proves only
/// that some program listens, not that a th daemon serves.
/// </summary>
internal static class DaemonProbe
{
    /// <summary>A th daemon answers a ping from its connection task, without its core loop: seconds mean it is not one.</summary>
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    public static async Task<SocketOccupant> ProbeAsync(ThPaths paths, CancellationToken cancellationToken)
    {
        IpcClient client;
        try
        {
            client = await IpcClient.ConnectAsync(paths.Socket, cancellationToken);
        }
        catch (DaemonUnreachableException)
        {
            return new NoListener();
        }

        await using (client)
        {
            // Asked before the ping: the kernel keeps the listener's credentials, but a foreign program may close at once.
            var pid = client.PeerPid;
            return await PingAsync(client, cancellationToken) switch
            {
                // The listener's creator has exited: a SIGKILLed daemon's socket, held open by a child it was spawning
                // (the fork's copy of its descriptors, the lock's too, lives until that child's exec closes them). Nobody
                // serves there; it closes in moments, so a start keeps waiting instead of blaming a foreign program
                // (issue 20 item 5: seen once in 230 rounds of DyingDaemonTests at a load of 30-60).
                ForeignListener { Garbled: false } when pid is { } creator && Core.Native.ProcessIdentity.HasExited(creator) => new NoListener(),
                ForeignListener foreign when pid is { } known => foreign with { Pid = known, Program = Core.Native.PeerProcess.ProgramName(known) },
                var occupant => occupant,
            };
        }
    }

    private static async Task<SocketOccupant> PingAsync(IpcClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        try
        {
            return await client.SendAsync(new PingRequest(), timeout.Token) is PongResponse pong
                ? new ThDaemon(pong)
                : new ForeignListener("answered th's ping with something other than a pong", Garbled: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ForeignListener($"accepted the connection but did not answer th's ping within {PingTimeout.TotalSeconds:0} s");
        }
        catch (ProtocolException)
        {
            return new ForeignListener("answered with bytes that are not a th message", Garbled: true);
        }
        catch (Exception e) when (e is DaemonUnreachableException or ConnectionLostException)
        {
            // A th daemon does this only to a user other than its own (peer credentials).
            return new ForeignListener("closed the connection without answering th's ping (a th daemon does so only to another user)");
        }
        catch (ThException e)
        {
            // An error response is th's framing, but no th daemon refuses a ping.
            return new ForeignListener($"answered th's ping with an error ({e.Message})", Garbled: true);
        }
    }

    /// <summary>
    /// The one error for a socket path held by a program that is not th's daemon, naming it when the OS says who it is:
    /// exit 76 when it answered garbage, else 69.
    /// </summary>
    public static ThException ForeignError(ThPaths paths, ForeignListener foreign)
    {
        var who = foreign switch
        {
            { IsTurtled: true, Pid: { } pid } => $"turtle-harbor 0.x's daemon turtled (pid {pid})",
            { Program: { } program, Pid: { } pid } => $"{program} (pid {pid}), which is not a th daemon,",
            { Pid: { } pid } => $"process {pid}, which is not a th daemon,",
            _ => "something that is not a th daemon",
        };
        var message = $"{who} holds {paths.Socket}: it {foreign.Behaviour}";
        var stop = foreign switch
        {
            { IsTurtled: true, Pid: { } pid } => OperatingSystem.IsMacOS()
                ? $"stop it with: launchctl bootout gui/$(id -u)/{Service.OldService.LaunchAgentLabel} (or kill {pid}); 'th service install --replace-old' retires its LaunchAgent for good"
                : $"stop it with: systemctl --user disable --now {Service.OldService.UnitName} (or kill {pid}); 'th service install --replace-old' retires its unit for good",
            { Pid: { } pid } => $"stop it (kill {pid})",
            _ => $"an old turtled or another program holds this path; stop it ('fuser {ShellQuote.Path(paths.Socket)}' names it)",
        };
        var hint = $"{stop}, or set TURTLE_HARBOR_HOME (or XDG_RUNTIME_DIR) to use another socket";
        return foreign.Garbled ? new ProtocolException(message, hint) : new DaemonUnreachableException(message, hint);
    }
}
