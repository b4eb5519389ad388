using System.Collections.Immutable;
using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Ipc.Server;

namespace TurtleHarbor.Cli;

/// <summary>
/// What the reading commands answer when no daemon runs: state.json, the history journal and the script
/// logs as the last daemon left them, read without changing any of them (a corrupt or foreign
/// state file is the starting daemon's to move aside).
/// </summary>
internal static class SavedFiles
{
    /// <summary>One sentence for stderr, so --json output stays clean.</summary>
    public static string NotRunningNote(ThPaths paths) =>
        $"the daemon is not running: this is the state saved in {ShellQuote.Path(paths.StateFile)}; 'th daemon' (or any 'th up') starts the scripts wanted up";

    /// <summary>
    /// <c>th ps</c> from state.json: this config's scripts in config order (every saved script with
    /// <paramref name="all"/>), each stopped unless its last run's result is known, with its desired state.
    /// </summary>
    public static ImmutableArray<ScriptSnapshot> Ps(ThPaths paths, string? configPath, bool all, Action<string> note)
    {
        var parse = new StateStore(paths.StateFile, TimeProvider.System).Read();
        if (parse.Kind != StateFileKind.Ours)
        {
            note($"{ShellQuote.Path(paths.StateFile)} is not th's state ({parse.Reason}); the next daemon moves it aside");
        }

        var entries = parse.Document.Scripts;
        if (all)
        {
            return [.. entries
                .OrderBy(e => e.Config, StringComparer.Ordinal)
                .ThenBy(e => e.Name, StringComparer.Ordinal)
                .Select(Offline)];
        }

        var config = configPath!;
        var saved = entries.Where(e => e.Config == config).ToDictionary(e => e.Name, StringComparer.Ordinal);
        ProjectConfig project;
        try
        {
            project = ConfigLoader.Load(config);
        }
        catch (ThException) when (saved.Count > 0)
        {
            // The file may be gone or broken now; what was saved of it still answers.
            return [.. saved.Values.OrderBy(e => e.Name, StringComparer.Ordinal).Select(Offline)];
        }

        return [.. project.Scripts.Select(spec => saved.TryGetValue(spec.Name, out var entry)
            ? Offline(entry)
            : new ScriptSnapshot(spec.Name, config, ScriptStatus.Stopped, null, null, null, 0, 0, null, null, DesiredState.Down))];
    }

    /// <summary>The log files of one script (or of every script of the config), located by the daemon's own rule.</summary>
    public static List<LogLine> LogTail(ThPaths paths, string configPath, string? name, int lines)
    {
        var config = ConfigLoader.Load(configPath);
        var specs = name is null ? config.Scripts : [Require(config, name)];
        var sources = specs.Select(s => new LogSource(s.Name, ScriptLogPaths.Of(config, paths.LogDir, s.Name), config.Settings.Log.MaxFiles, null)).ToList();
        return LogStreamer.Tail(sources, Math.Max(0, lines));
    }

    /// <summary>
    /// <c>th history</c> from history.jsonl (history.json before a daemon imported it): runs of this config (or of one script), oldest first; a run
    /// that has no end was cut short by its daemon, as the next daemon will record it.
    /// </summary>
    public static ImmutableArray<RunRecord> History(ThPaths paths, string configPath, string? name)
    {
        var history = new RunHistory();
        var journal = new HistoryJournal(paths.HistoryJournal).Read();
        if (journal.Exists)
        {
            history.Load(journal.Lines);
        }
        else
        {
            // Not imported yet: the next daemon moves history.json into the journal.
            history.Load(new HistoryStore(paths.HistoryFile, TimeProvider.System).Read());
        }

        var runs = history.Query(configPath, name);
        if (name is not null && runs.IsEmpty)
        {
            // As the daemon answers: a script with no runs yet is fine, an unknown name is an error.
            Require(ConfigLoader.Load(configPath), name);
        }

        return runs;
    }

    /// <summary>Saved status as it stands with no daemon: nothing is running or waiting, a finished run's result stays.</summary>
    private static ScriptSnapshot Offline(StateEntry entry) => new(
        entry.Name,
        entry.Config,
        entry.Status is ScriptStatus.Exited or ScriptStatus.Failed ? entry.Status : ScriptStatus.Stopped,
        null,
        null,
        null,
        0,
        entry.Restarts,
        entry.ExitCode,
        null,
        entry.Desired);

    private static ScriptSpec Require(ProjectConfig config, string name) =>
        config.Find(name) ?? throw new ScriptNotFoundException(
            $"no script named '{name}' in {config.ConfigPath}",
            $"scripts there: {string.Join(", ", config.Scripts.Select(s => s.Name))}");
}
