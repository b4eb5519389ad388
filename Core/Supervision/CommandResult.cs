using System.Collections.Immutable;

namespace TurtleHarbor.Core.Supervision;

internal abstract record CommandResult;

internal sealed record OutcomesResult(ImmutableArray<ScriptOutcome> Outcomes) : CommandResult;

internal sealed record StatusResult(ImmutableArray<ScriptSnapshot> Scripts) : CommandResult;

internal sealed record ReloadResult(bool DryRun, ImmutableArray<ReloadChange> Changes) : CommandResult;

internal sealed record LogSourcesResult(ImmutableArray<LogSource> Sources) : CommandResult;

internal sealed record DaemonInfoResult(int Pid, DateTimeOffset StartedAt, int Scripts, int Configs, ImmutableArray<LokiStatus> Loki) : CommandResult;

/// <summary>A script's log file and how many rotated siblings it may have.</summary>
internal sealed record LogSource(string Name, string Path, int MaxFiles);
