using System.Collections.Immutable;
using TurtleHarbor.Core.Config;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// What clients can ask the core to do. Names empty means every script of the config. Commands
/// that act on a config carry it already loaded (or, for one the core knows, its path: see
/// <see cref="ConfigSource"/>): reading and parsing files happens before the loop, never on it.
/// </summary>
internal abstract record DaemonCommand;

/// <summary><see cref="NoDeps"/>: start only the named scripts, neither starting nor waiting for their <c>depends_on</c>.</summary>
internal sealed record UpCommand(ProjectConfig Config, ImmutableArray<string> Names, bool NoDeps = false) : DaemonCommand;

internal sealed record DownCommand(ConfigSource Config, ImmutableArray<string> Names) : DaemonCommand;

internal sealed record RestartCommand(ProjectConfig Config, ImmutableArray<string> Names) : DaemonCommand;

internal sealed record RunCommand(ProjectConfig Config, string Name) : DaemonCommand;

internal sealed record ReloadConfigCommand(ProjectConfig Config, bool DryRun) : DaemonCommand;

/// <summary>Snapshots of one config's scripts, or of every config when <see cref="Config"/> is null.</summary>
internal sealed record StatusCommand(ConfigSource? Config) : DaemonCommand;

/// <summary>Where the log files of one script (or every script of the config) are.</summary>
internal sealed record LogSourcesCommand(ConfigSource Config, string? Name) : DaemonCommand;

/// <summary>Recent runs of one config's scripts (or of one script).</summary>
internal sealed record HistoryQueryCommand(ConfigSource Config, string? Name) : DaemonCommand;

internal sealed record DaemonStatusCommand : DaemonCommand;

/// <summary><c>th kill</c>: <see cref="Signal"/> to each script's process group, or its main process only with <see cref="MainOnly"/>.</summary>
internal sealed record KillCommand(ConfigSource Config, ImmutableArray<string> Names, Native.Signal Signal, bool MainOnly) : DaemonCommand;
