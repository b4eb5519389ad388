namespace TurtleHarbor.Cli.Service;

/// <summary>What an external program said: its exit code and its output, both streams read to the end.</summary>
internal sealed record ExternalCommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The most useful single line for an error message: stderr, else stdout, else the code.</summary>
    public string Describe()
    {
        var text = (Error.Trim() is { Length: > 0 } error ? error : Output.Trim()).ReplaceLineEndings(" ");
        return text.Length > 0 ? $"exit {ExitCode}: {text}" : $"exit {ExitCode}";
    }
}
