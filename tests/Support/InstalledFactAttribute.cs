namespace TurtleHarbor.Tests.Support;

/// <summary>
/// A fact that needs a program on PATH (ruby, zsh, fish): skipped, and said so, where it is missing.
/// CI installs every one of them (.ci/run), so there they always run.
/// </summary>
public sealed class InstalledFactAttribute : FactAttribute
{
    public InstalledFactAttribute(string program)
    {
        if (!IsInstalled(program))
        {
            Skip = $"{program} is not installed here (apt-get install {program}; .ci/run installs it).";
        }
    }

    public static bool IsInstalled(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
