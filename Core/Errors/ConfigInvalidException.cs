using System.Collections.Immutable;

namespace TurtleHarbor.Core.Errors;

/// <summary>A config that failed to load; carries every problem, each as <c>file:line:column: message</c>.</summary>
/// <param name="hint">What to do; by default, to run <c>th validate</c> (wrong for problems only the daemon sees).</param>
internal sealed class ConfigInvalidException(ImmutableArray<ConfigProblem> problems, string? hint = "run 'th validate' to see every problem")
    : ThException(Describe(problems), ExitCode.ConfigInvalid, hint)
{
    public ImmutableArray<ConfigProblem> Problems { get; } = problems;

    private static string Describe(ImmutableArray<ConfigProblem> problems) => problems.Length switch
    {
        0 => "config invalid",
        1 => problems[0].ToString(),
        _ => $"{problems[0]} (and {problems.Length - 1} more)",
    };
}
