using System.Collections.Immutable;
using SharpYaml;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Config;

/// <summary>Collects the problems of one file; SharpYaml marks are 0-based, <see cref="ConfigProblem"/> is 1-based.</summary>
internal sealed class ConfigProblemList(string file)
{
    private readonly List<ConfigProblem> _problems = [];

    public bool IsEmpty => _problems.Count == 0;

    public void Add(Mark at, string message) => _problems.Add(new ConfigProblem(file, at.Line + 1, at.Column + 1, message));

    /// <summary>Sorted by position so the output reads top to bottom, whichever pass found each problem.</summary>
    public ImmutableArray<ConfigProblem> ToImmutable() =>
        [.. _problems.OrderBy(p => p.Line).ThenBy(p => p.Column)];
}
