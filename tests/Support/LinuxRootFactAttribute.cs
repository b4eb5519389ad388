namespace TurtleHarbor.Tests.Support;

/// <summary>A test that needs Linux and root (it mounts a tiny tmpfs); skipped, with the reason, elsewhere.</summary>
public sealed class LinuxRootFactAttribute : FactAttribute
{
    public LinuxRootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "needs Linux and root to mount a tmpfs; the injected-failure unit tests cover the same path";
        }
    }
}
