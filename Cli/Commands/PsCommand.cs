using System.Text.Json;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th ps: a table for people, the CONTRACTS.md §3 JSON array for programs.</summary>
internal static class PsCommand
{
    /// <summary>Asks the daemon; when none runs, reads state.json instead and never starts one (a daemon would start every script wanted up).</summary>
    /// <param name="names">Only these scripts (all when empty).</param>
    /// <exception cref="Core.Errors.ScriptNotFoundException">A name that the config (or, with --all, any config) does not have.</exception>
    public static async Task<int> RunAsync(
        ClientContext context, string? config, bool all, bool json, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var scripts = await DaemonConnector.ReadAsync<IReadOnlyList<ScriptSnapshot>?>(context, async client => client is null
            ? null
            : Filter(ClientRequests.Expect<StatusResponse>(await client.SendAsync(new StatusRequest(config, all), cancellationToken)).Scripts, names, config),
            cancellationToken);
        if (scripts is null)
        {
            context.Error.WriteLine($"th: {SavedFiles.NotRunningNote(context.Paths)}");
            scripts = Filter(SavedFiles.Ps(context.Paths, config, all, note => context.Error.WriteLine($"th: {note}")), names, config);
            if (!json)
            {
                WriteSaved(context, scripts, all);
                return 0;
            }
        }

        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(scripts, IpcJsonContext.Default.IReadOnlyListScriptSnapshot));
            return 0;
        }

        var table = all
            ? new TextTable("NAME", "STATUS", "PID", "CPU%", "MEM", "PROCS", "UPTIME", "RESTARTS", "NEXT RUN", "CONFIG")
            : new TextTable("NAME", "STATUS", "PID", "CPU%", "MEM", "PROCS", "UPTIME", "RESTARTS", "NEXT RUN");
        var now = DateTimeOffset.Now;

        // Cron scripts of one schedule share their next run: its text is made once, not once a row.
        (DateTimeOffset At, string Text)? lastNextRun = null;
        string NextRunText(DateTimeOffset next)
        {
            if (lastNextRun is not { } last || last.At != next || last.At.Offset != next.Offset)
            {
                lastNextRun = last = (next, $"{next.ToLocalTime():HH:mm:ss} (in {HumanDuration.Format(next - now)})");
            }

            return last.Text;
        }

        foreach (var row in scripts)
        {
            var cells = new List<(string, string?)>
            {
                (row.Name, null),
                (StatusText(row), StatusColor(row.Status)),
                (row.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", null),
                (ResourceCells.Cpu(row), null),
                (ResourceCells.Memory(row), null),
                (ResourceCells.Processes(row), null),
                (row.Status == ScriptStatus.Running ? HumanDuration.Format(TimeSpan.FromSeconds(row.UptimeSecs)) : "-", null),
                (row.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
                (row.NextRun is { } next ? NextRunText(next) : "-", null),
            };
            if (all)
            {
                cells.Add((row.Config, null));
            }

            table.Add([.. cells]);
        }

        table.WriteTo(context.Output, context.Color);
        return 0;
    }

    /// <summary>No daemon: what each script was last asked to be (DESIRED) and how its last run ended.</summary>
    private static void WriteSaved(ClientContext context, IReadOnlyList<ScriptSnapshot> scripts, bool all)
    {
        var table = all
            ? new TextTable("NAME", "STATUS", "DESIRED", "RESTARTS", "CONFIG")
            : new TextTable("NAME", "STATUS", "DESIRED", "RESTARTS");
        foreach (var row in scripts)
        {
            var cells = new List<(string, string?)>
            {
                (row.Name, null),
                (StatusText(row), StatusColor(row.Status)),
                (row.Desired == DesiredState.Up ? "up" : "down", null),
                (row.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
            };
            if (all)
            {
                cells.Add((row.Config, null));
            }

            table.Add([.. cells]);
        }

        table.WriteTo(context.Output, context.Color);
    }

    private static IReadOnlyList<ScriptSnapshot> Filter(IReadOnlyList<ScriptSnapshot> scripts, IReadOnlyList<string> names, string? config)
    {
        if (names.Count == 0)
        {
            return scripts;
        }

        foreach (var name in names)
        {
            if (!scripts.Any(s => s.Name == name))
            {
                throw new Core.Errors.ScriptNotFoundException(
                    config is null ? $"no script '{name}' in any config the daemon knows" : $"no script '{name}' in {Core.Paths.ShellQuote.Path(config)}");
            }
        }

        return [.. scripts.Where(s => names.Contains(s.Name))];
    }

    public static string StatusText(ScriptSnapshot row) => row.ProcessesLeft > 0 && row.Status is not (ScriptStatus.Running or ScriptStatus.Stopping)
        ? $"{BaseStatusText(row)}, {(row.ProcessesLeft == 1 ? "1 process" : $"{row.ProcessesLeft} processes")} left"
        : BaseStatusText(row);

    private static string BaseStatusText(ScriptSnapshot row) => row.Status switch
    {
        ScriptStatus.Running => row.Health is { } health ? $"running ({health.ToString().ToLowerInvariant()})" : "running",
        ScriptStatus.Stopping => "stopping",
        ScriptStatus.Stopped => "stopped",
        ScriptStatus.Exited => $"exited ({row.ExitCode})",
        ScriptStatus.Failed => row.ExitCode is { } code ? $"failed ({code})" : "failed",
        ScriptStatus.Restarting => "restarting",
        ScriptStatus.Waiting when row.BlockedBy is { } reason => $"waiting ({reason})",
        ScriptStatus.Waiting => row.ExitCode is { } last ? $"waiting (cron, last exit {last})" : "waiting (cron)",
        ScriptStatus.Blocked => row.BlockedBy is { } why ? $"blocked ({why})" : "blocked",
        _ => row.Status.ToString().ToLowerInvariant(),
    };

    private static string? StatusColor(ScriptStatus status) => status switch
    {
        ScriptStatus.Running => "32",
        ScriptStatus.Failed or ScriptStatus.Blocked => "31",
        ScriptStatus.Restarting or ScriptStatus.Stopping => "33",
        ScriptStatus.Waiting => "36",
        _ => null,
    };
}
