namespace TurtleHarbor.Core.Notifications;

/// <summary>How this host shows a desktop notification; chosen once from the OS (tests pass one in).</summary>
internal enum DesktopPlatform
{
    /// <summary>Notification Center, through <c>osascript</c>.</summary>
    MacOS,

    /// <summary>The freedesktop notification daemon, through <c>notify-send</c> (libnotify) when it is on PATH.</summary>
    Linux,

    /// <summary>Neither: desktop notifications are skipped.</summary>
    None,
}
