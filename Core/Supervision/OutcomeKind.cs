using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>What a command did to one script; snake_case on the wire ("already_running"), a short phrase for people (<see cref="OutcomeKinds.Describe"/>).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<OutcomeKind>))]
internal enum OutcomeKind
{
    Started,
    Restarted,
    FailedToStart,
    AlreadyRunning,

    /// <summary><c>up</c> found a stop in progress: the script starts again once its group is gone.</summary>
    StartingOnceStopped,
    Stopped,
    AlreadyStopped,

    /// <summary>A cron script's schedule is armed; runs come from its ticks.</summary>
    Armed,
    FailedToArm,

    /// <summary><c>kill</c>: the signal was sent (to the group, or the main process with --main).</summary>
    Signalled,

    /// <summary><c>kill</c>: nothing of the script runs, so nothing was signalled.</summary>
    NotRunning,

    /// <summary><c>up</c>: the script starts once its <c>depends_on</c> conditions hold (the note says which it waits for).</summary>
    Waiting,

    /// <summary><c>up</c>: a <c>depends_on</c> dependency failed; the script starts when it recovers.</summary>
    Blocked,
}

internal static class OutcomeKinds
{
    /// <summary>The phrase th prints for the outcome: "started", "already running", "starting once stopped".</summary>
    public static string Describe(this OutcomeKind kind) => kind switch
    {
        OutcomeKind.Started => "started",
        OutcomeKind.Restarted => "restarted",
        OutcomeKind.FailedToStart => "failed to start",
        OutcomeKind.AlreadyRunning => "already running",
        OutcomeKind.StartingOnceStopped => "starting once stopped",
        OutcomeKind.Stopped => "stopped",
        OutcomeKind.AlreadyStopped => "already stopped",
        OutcomeKind.Armed => "armed",
        OutcomeKind.FailedToArm => "failed to arm",
        OutcomeKind.Signalled => "signalled",
        OutcomeKind.NotRunning => "not running",
        OutcomeKind.Waiting => "waiting for depends_on",
        OutcomeKind.Blocked => "blocked by depends_on",
        _ => kind.ToString(),
    };
}
