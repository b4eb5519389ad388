using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Cli;

/// <summary>
/// The error for a command that took effect while the daemon could not save it (exit 74): what
/// happened, why, and what it means for a daemon restart (CONTRACTS.md §7, "acknowledged = saved").
/// </summary>
internal static class NotSavedError
{
    /// <summary>What the command meant for the scripts' desired state, which decides what a restart would undo.</summary>
    public enum Effect
    {
        /// <summary>up, restart: the scripts are wanted up.</summary>
        WantedUp,

        /// <summary>down: the scripts are wanted down.</summary>
        WantedDown,

        /// <summary>run, reload: a one-off start or a re-read config.</summary>
        Other,
    }

    /// <param name="done">What happened, as the start of a sentence: "web started", "3 scripts changed".</param>
    /// <param name="plural">Whether <paramref name="done"/> speaks of more than one script.</param>
    public static ThIoException Create(ClientContext context, string done, bool plural, Effect effect, SaveFailure failure)
    {
        var pronoun = plural ? "they" : "it";
        var meaning = failure.File switch
        {
            SavedFile.History => "'th history' will miss this after a daemon restart until a save succeeds",
            _ => effect switch
            {
                Effect.WantedUp => $"{pronoun} will not come back after a daemon restart until a save succeeds",
                Effect.WantedDown => $"{pronoun} would start again after a daemon restart until a save succeeds",
                _ => "a daemon restart would go back to the last saved state until a save succeeds",
            },
        };
        var what = failure.File == SavedFile.History ? "the run history" : "the state";
        return new ThIoException(
            $"{done}, but {what} could not be saved: {failure.Reason}; {meaning}",
            $"free space (or fix permissions) in {context.Paths.Home}; the daemon keeps trying and logs when a save succeeds");
    }

    /// <summary>"web started"; "web, api started; db already running" for several.</summary>
    public static string Done(IReadOnlyList<(string Name, OutcomeKind Outcome)> outcomes, string command) => outcomes.Count == 0
        ? $"{command} done"
        : string.Join("; ", outcomes
            .GroupBy(o => o.Outcome)
            .Select(g => $"{string.Join(", ", g.Select(o => o.Name))} {g.Key.Describe()}"));
}
