using System.Text.Json;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Ipc.Client;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th ps: a table for people, the CONTRACTS.md §3 JSON array for programs.</summary>
internal static class PsCommand
{
    /// <param name="names">Only these scripts (all when empty).</param>
    /// <exception cref="Core.Errors.ScriptNotFoundException">A name that the config (or, with --all, any config) does not have.</exception>
    public static async Task<int> RunAsync(
        ClientContext context, string? config, bool all, bool json, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var response = await ClientRequests.SendAsync<StatusResponse>(context, new StatusRequest(config, all), cancellationToken);
        var scripts = Filter(response.Scripts, names, config);
        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(scripts, IpcJsonContext.Default.IReadOnlyListScriptSnapshot));
            return 0;
        }

        var table = all
            ? new TextTable("NAME", "STATUS", "PID", "UPTIME", "RESTARTS", "NEXT RUN", "CONFIG")
            : new TextTable("NAME", "STATUS", "PID", "UPTIME", "RESTARTS", "NEXT RUN");
        var now = DateTimeOffset.Now;
        foreach (var row in scripts)
        {
            var cells = new List<(string, string?)>
            {
                (row.Name, null),
                (StatusText(row), StatusColor(row.Status)),
                (row.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", null),
                (row.Status == ScriptStatus.Running ? HumanDuration.Format(TimeSpan.FromSeconds(row.UptimeSecs)) : "-", null),
                (row.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
                (row.NextRun is { } next ? $"{next.ToLocalTime():HH:mm:ss} (in {HumanDuration.Format(next - now)})" : "-", null),
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

    public static string StatusText(ScriptSnapshot row) => row.Status switch
    {
        ScriptStatus.Running => "running",
        ScriptStatus.Stopped => "stopped",
        ScriptStatus.Exited => $"exited ({row.ExitCode})",
        ScriptStatus.Failed => row.ExitCode is { } code ? $"failed ({code})" : "failed",
        ScriptStatus.Restarting => "restarting",
        ScriptStatus.Waiting => row.ExitCode is { } last ? $"waiting (cron, last exit {last})" : "waiting (cron)",
        _ => row.Status.ToString().ToLowerInvariant(),
    };

    private static string? StatusColor(ScriptStatus status) => status switch
    {
        ScriptStatus.Running => "32",
        ScriptStatus.Failed => "31",
        ScriptStatus.Restarting => "33",
        ScriptStatus.Waiting => "36",
        _ => null,
    };
}
