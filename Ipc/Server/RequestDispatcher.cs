using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Server;

/// <summary>
/// Turns requests into core commands and results into responses. Runs on the connection's task,
/// so the slow parts (reading a config, reading log tails) happen here and not on the core loop.
/// </summary>
internal sealed class RequestDispatcher(DaemonCore core, ThPaths paths, string version, Action requestShutdown) : IRequestHandler
{
    public async Task HandleAsync(Request request, IResponseWriter responses, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case LogsRequest logs:
                await LogStreamer.StreamAsync(core, logs, responses, cancellationToken);
                return;
            case DaemonStopRequest:
                await responses.WriteAsync(new PongResponse(version, Environment.ProcessId, Receipts: true), cancellationToken);
                requestShutdown();
                return;
        }

        await responses.WriteAsync(await AnswerAsync(request, cancellationToken), cancellationToken);
    }

    private async Task<Response> AnswerAsync(Request request, CancellationToken cancellationToken) => request switch
    {
        PingRequest => new PongResponse(version, Environment.ProcessId, Receipts: true),
        UpRequest up => await UpAsync(up, cancellationToken),
        DownRequest down => Outcomes(await core.SendAsync(new DownCommand(core.SourceFor(Absolute(down.ConfigPath)), [.. down.Names]), cancellationToken)),
        RestartRequest restart => Outcomes(await core.SendAsync(new RestartCommand(Load(restart.ConfigPath), [.. restart.Names]), cancellationToken)),
        RunRequest run => Outcomes(await core.SendAsync(new RunCommand(Load(run.ConfigPath), run.Name), cancellationToken)),
        ReloadRequest reload => await ReloadAsync(reload, cancellationToken),
        StatusRequest status => Statuses(await core.SendAsync(new StatusCommand(status.All ? null : core.SourceFor(Absolute(status.ConfigPath))), cancellationToken)),
        HistoryRequest history => new HistoryResponse(((HistoryResult)await core.SendAsync(new HistoryQueryCommand(core.SourceFor(Absolute(history.ConfigPath)), history.Name), cancellationToken)).Runs),
        KillRequest kill => Outcomes(await core.SendAsync(new KillCommand(core.SourceFor(Absolute(kill.ConfigPath)), [.. kill.Names], kill.Signal, kill.Main), cancellationToken)),
        DaemonStatusRequest => DaemonStatus(await core.SendAsync(new DaemonStatusCommand(), cancellationToken)),
        _ => throw new ProtocolException($"request '{request.GetType().Name}' is not understood by daemon {version}"),
    };

    /// <summary>th up; with <see cref="UpRequest.RefuseEmptied"/>, an emptied file is answered with the dry run that shows it.</summary>
    private async Task<Response> UpAsync(UpRequest up, CancellationToken cancellationToken)
    {
        var config = Load(up.ConfigPath);
        if (up is { RefuseEmptied: true, Names.Count: 0 } && config.Scripts.IsEmpty)
        {
            var preview = Reloaded(await core.SendAsync(new ReloadConfigCommand(config, DryRun: true), cancellationToken));
            if (preview.EmptiesConfig())
            {
                return preview;
            }
        }

        return Outcomes(await core.SendAsync(new UpCommand(config, [.. up.Names], up.NoDeps), cancellationToken));
    }

    /// <summary>th reload; with <see cref="ReloadRequest.RefuseEmptied"/>, an emptied file is answered with the dry run that shows it.</summary>
    private async Task<Response> ReloadAsync(ReloadRequest reload, CancellationToken cancellationToken)
    {
        var config = Load(reload.ConfigPath);
        if (reload is { RefuseEmptied: true, DryRun: false } && config.Scripts.IsEmpty)
        {
            var preview = Reloaded(await core.SendAsync(new ReloadConfigCommand(config, DryRun: true), cancellationToken));
            if (preview.EmptiesConfig())
            {
                return preview;
            }
        }

        return Reloaded(await core.SendAsync(new ReloadConfigCommand(config, reload.DryRun), cancellationToken));
    }

    private static ProjectConfig Load(string? configPath) => ConfigLoader.Load(Absolute(configPath));

    private static string Absolute(string? configPath) =>
        configPath is { Length: > 0 } && Path.IsPathFullyQualified(configPath)
            ? configPath
            : throw new ProtocolException($"config path must be absolute, got '{configPath}'");

    private static OutcomesResponse Outcomes(CommandResult result) => new(((OutcomesResult)result).Outcomes, result.NotSaved);

    private static ReloadResponse Reloaded(CommandResult result)
    {
        var reload = (ReloadResult)result;
        return new ReloadResponse(reload.DryRun, reload.Changes, reload.NotSaved);
    }

    private static StatusResponse Statuses(CommandResult result) => new(((StatusResult)result).Scripts);

    private DaemonStatusResponse DaemonStatus(CommandResult result)
    {
        var status = (DaemonStatusResult)result;
        var uptime = (long)(DateTimeOffset.UtcNow - status.StartedAt).TotalSeconds;
        return new DaemonStatusResponse(status.Pid, version, uptime, paths.Home, paths.Socket, status.Scripts, status.Configs, status.Loki, status.Notifications);
    }
}
