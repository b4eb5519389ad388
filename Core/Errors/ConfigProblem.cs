namespace TurtleHarbor.Core.Errors;

/// <summary>One problem in a config file. Line and column are 1-based; 0 when the position is unknown.</summary>
internal sealed record ConfigProblem(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0
        ? $"{Paths.ShellQuote.Path(File)}:{Line}:{Column}: {Message}"
        : $"{Paths.ShellQuote.Path(File)}: {Message}";
}
