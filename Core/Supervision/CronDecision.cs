namespace TurtleHarbor.Core.Supervision;

/// <summary>What a look at the clock found: <see cref="Tick"/> is the (first) due tick, <see cref="Wake"/> when to look again.</summary>
internal readonly record struct CronDecision(CronAction Action, DateTimeOffset? Tick, TimeSpan Wake);
