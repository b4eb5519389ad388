using System.Collections.Immutable;

namespace TurtleHarbor.Core.Notifications;

/// <summary>The program and argv that show a desktop notification on each platform.</summary>
internal static class DesktopCommand
{
    public const string OsaScript = "/usr/bin/osascript";
    public const string NotifySend = "notify-send";

    public static DesktopPlatform HostPlatform() =>
        OperatingSystem.IsMacOS() ? DesktopPlatform.MacOS : OperatingSystem.IsLinux() ? DesktopPlatform.Linux : DesktopPlatform.None;

    /// <summary>
    /// The whole argv (argv[0] the absolute path of the program), or null where this host cannot show one
    /// (no notify-send on PATH, another OS). osascript: <c>display notification "text" with title "title"</c>
    /// (AppleScript's Standard Additions); notify-send: <c>notify-send --app-name=turtle-harbor TITLE TEXT</c>.
    /// </summary>
    /// <param name="findOnPath">The absolute path of a program found on PATH, or null.</param>
    public static ImmutableArray<string>? For(DesktopPlatform platform, string title, string text, Func<string, string?> findOnPath) => platform switch
    {
        DesktopPlatform.MacOS => [OsaScript, "-e", $"display notification {AppleScript.Quote(text)} with title {AppleScript.Quote(title)}"],
        DesktopPlatform.Linux when findOnPath(NotifySend) is { } path => [path, "--app-name=turtle-harbor", "--", title, text],
        _ => null,
    };

    /// <summary>The first executable file called <paramref name="name"/> in the directories of <paramref name="pathVariable"/>.</summary>
    public static string? FindOnPath(string name, string? pathVariable)
    {
        foreach (var directory in (pathVariable ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (Path.IsPathRooted(candidate) && File.Exists(candidate)
                && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
