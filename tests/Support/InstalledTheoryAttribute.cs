namespace TurtleHarbor.Tests.Support;

/// <summary>A theory that needs a program on PATH: skipped, and said so, where it is missing (see <see cref="InstalledFactAttribute"/>).</summary>
public sealed class InstalledTheoryAttribute : TheoryAttribute
{
    public InstalledTheoryAttribute(string program)
    {
        if (!InstalledFactAttribute.IsInstalled(program))
        {
            Skip = $"{program} is not installed here (apt-get install {program}; .ci/run installs it).";
        }
    }
}
