using System.Collections.Immutable;
using SharpYaml;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Core.Config;

/// <summary>Collects the problems of one file; SharpYaml marks are 0-based, <see cref="ConfigProblem"/> is 1-based.</summary>
internal sealed class ConfigProblemList(string file)
{
    private readonly List<ConfigProblem> _problems = [];
    private readonly List<ConfigProblem> _warnings = [];

    public bool IsEmpty => _problems.Count == 0;

    /// <summary>
    /// Set once the file is expanded: marks from the later passes are in the expanded text and are led back to the
    /// user's file through it. Before that, marks are the file's own.
    /// </summary>
    public PositionMap? Map { get; set; }

    public string File => file;

    public void Add(Mark at, string message)
    {
        var original = Map?.Original(at) ?? at;
        _problems.Add(new ConfigProblem(file, original.Line + 1, original.Column + 1, message));
    }

    /// <summary>Something that does not stop the config from loading but is probably a mistake (<c>th validate</c> shows it).</summary>
    public void Warn(Mark at, string message)
    {
        var original = Map?.Original(at) ?? at;
        _warnings.Add(new ConfigProblem(file, original.Line + 1, original.Column + 1, message));
    }

    public void Warn(ConfigProblem warning) => _warnings.Add(warning);

    public ImmutableArray<ConfigProblem> Warnings => [.. _warnings];

    /// <summary>A problem found in another file (an env_file), or without a position (line 0).</summary>
    public void Add(ConfigProblem problem) => _problems.Add(problem);

    /// <summary>The 1-based line in the user's file of a mark from any pass, for messages that name another line.</summary>
    public int LineOf(Mark at) => (Map?.Original(at) ?? at).Line + 1;

    /// <summary>Sorted by position so the output reads top to bottom, whichever pass found each problem.</summary>
    public ImmutableArray<ConfigProblem> ToImmutable() =>
        [.. _problems.OrderBy(p => p.File == file ? 0 : 1).ThenBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ThenBy(p => p.Column)];
}
