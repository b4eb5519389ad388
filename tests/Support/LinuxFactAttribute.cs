namespace TurtleHarbor.Tests.Support;

/// <summary>A fact that reads /proc, so it is skipped (not failed) elsewhere; xunit 2 has no Assert.Skip.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Reads /proc, which only Linux has.";
        }
    }
}
