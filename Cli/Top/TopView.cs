using System.Collections.Immutable;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Cli.Top;

/// <summary>Everything one frame of <c>th top</c> shows; <see cref="TopRenderer"/> turns it into lines.</summary>
/// <param name="Title">What is watched: the config's path, or "all configs".</param>
/// <param name="Selected">Index into <paramref name="Scripts"/>; ignored when there are none.</param>
/// <param name="Message">The last action's outcome or a problem (daemon not running); null shows the key help.</param>
/// <param name="LogsOf">The script whose log is followed; null for the table.</param>
internal sealed record TopView(
    string Title,
    ImmutableArray<ScriptSnapshot> Scripts,
    int Selected,
    DateTimeOffset Now,
    string? Message = null,
    string? LogsOf = null,
    ImmutableArray<string> LogLines = default);
