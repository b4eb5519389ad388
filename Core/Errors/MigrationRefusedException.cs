using System.Collections.Immutable;

namespace TurtleHarbor.Core.Errors;

/// <summary>A 0.x config that <c>th migrate</c> cannot carry over with the same meaning (e.g. a cron year other than '*').</summary>
internal sealed class MigrationRefusedException(ImmutableArray<ConfigProblem> problems)
    : ThException(Describe(problems), ExitCode.ConfigInvalid, "change these lines by hand, then run 'th migrate' again")
{
    public ImmutableArray<ConfigProblem> Problems { get; } = problems;

    private static string Describe(ImmutableArray<ConfigProblem> problems) => problems.Length switch
    {
        1 => problems[0].ToString(),
        _ => $"{problems[0]} (and {problems.Length - 1} more)",
    };
}
