namespace TurtleHarbor.Core.Config;

/// <summary>The <c>settings.log:</c> section; sizes in bytes.</summary>
internal sealed record LogSettings(int MaxLineLength, long MaxFileSize, int MaxFiles)
{
    public static LogSettings Default { get; } = new(8192, 10L * 1024 * 1024, 5);
}
