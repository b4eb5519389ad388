using System.Collections.Immutable;

namespace TurtleHarbor.Core.Native;

/// <summary>
/// What <see cref="ProcessSpawner"/> starts. <paramref name="Executable"/> is an absolute path
/// (no PATH search); <paramref name="Arguments"/> is the whole argv, argv[0] included;
/// <paramref name="Environment"/> is the child's entire environment.
/// </summary>
internal sealed record SpawnRequest(
    string Executable,
    ImmutableArray<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    SpawnStdio Stdio,
    bool NewSession)
{
    /// <summary>The window of the pseudo-terminal for <see cref="SpawnStdio.Terminal"/>.</summary>
    public TerminalSize TerminalSize { get; init; } = TerminalSize.Default;
}
