using System.Collections.Immutable;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Config;

/// <summary>The outcome of reading one config: the config when there is no problem, and the warnings either way.</summary>
internal sealed record ConfigReport(ProjectConfig? Config, ImmutableArray<ConfigProblem> Problems, ImmutableArray<ConfigProblem> Warnings);
