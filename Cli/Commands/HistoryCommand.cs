using System.Globalization;
using System.Text.Json;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th history [NAME] [--json]: recent runs, oldest first, so the last line is the latest run; from the history journal when no daemon runs.</summary>
internal static class HistoryCommand
{
    public static async Task<int> RunAsync(ClientContext context, string config, string? name, bool json, CancellationToken cancellationToken)
    {
        // No daemon: the journal as the last one left it; reading never starts one.
        var runs = await DaemonConnector.ReadAsync<IReadOnlyList<RunRecord>>(context, async client => client is null
            ? SavedFiles.History(context.Paths, config, name)
            : ClientRequests.Expect<HistoryResponse>(await client.SendAsync(new HistoryRequest(config, name), cancellationToken)).Runs,
            cancellationToken);

        if (json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(runs, IpcJsonContext.Default.IReadOnlyListRunRecord));
            return 0;
        }

        if (runs.Count == 0)
        {
            context.Output.WriteLine(name is null ? "no runs yet" : $"no runs of {name} yet");
            return 0;
        }

        var table = new TextTable("NAME", "TRIGGER", "STARTED", "ENDED", "DURATION", "RESULT");
        foreach (var run in runs)
        {
            table.Add(
                (run.Name, null),
                (RunTriggerText.Of(run.Trigger), null),
                (LocalTime(run.StartedAt), null),
                (run.EndedAt is { } ended ? LocalTime(ended) : "-", null),
                (Duration(run), null),
                run.Health is { } health ? WithHealth(Result(run), health) : Result(run));
        }

        table.WriteTo(context.Output, context.Color);
        return 0;
    }

    public static (string Text, string? Color) Result(RunRecord run) => run switch
    {
        { Error: { } error, Pid: null } => ($"failed to start: {error}", "31"),
        { ExitCode: 0 } => ("exit 0", "32"),
        { ExitCode: { } code } => ($"exit {code}", "31"),
        { Signal: { } signal } => ($"signal {signal}", "33"),
        { EndedAt: null, Error: null } => ("running", "32"),
        { Error: { } error } => (error, "33"),
        _ => ("unknown", null),
    };

    /// <summary>A run with a healthcheck shows its last health after the result: "signal TERM, unhealthy".</summary>
    private static (string Text, string? Color) WithHealth((string Text, string? Color) result, HealthStatus health) =>
        ($"{result.Text}, {health.ToString().ToLowerInvariant()}", health == HealthStatus.Unhealthy ? "31" : result.Color);

    private static string LocalTime(DateTimeOffset instant) =>
        instant.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Duration(RunRecord run) => run.DurationSecs switch
    {
        null => "-",
        < 60 and var secs => secs.ToString("0.0", CultureInfo.InvariantCulture) + "s",
        var secs => HumanDuration.Format(TimeSpan.FromSeconds(secs.Value)),
    };
}
