namespace TurtleHarbor.Cli.Service;

/// <summary>
/// turtle-harbor 0.x's own service (its src/client/service.rs): the LaunchAgent <c>com.turtle-harbor.daemon</c> in
/// ~/Library/LaunchAgents (KeepAlive, so launchd restarts its <c>turtled</c>) or the systemd user unit
/// <c>turtle-harbor.service</c> in ~/.config/systemd/user. Its <c>turtled</c> listens on the socket path this th uses,
/// so it has to go before this daemon can serve; these are the commands that stop and remove it (its logs stay).
/// </summary>
internal sealed record OldService(string DefinitionPath, IReadOnlyList<string> RemoveCommands)
{
    public const string LaunchAgentLabel = "com.turtle-harbor.daemon";
    public const string UnitName = "turtle-harbor.service";

    /// <summary>The 0.x service installed for the user whose home is <paramref name="userHome"/>, or null.</summary>
    public static OldService? Find(string userHome, bool macOS)
    {
        if (macOS)
        {
            var plist = Path.Combine(userHome, "Library", "LaunchAgents", LaunchAgentLabel + ".plist");
            return File.Exists(plist)
                ? new OldService(plist, [$"launchctl bootout gui/$(id -u)/{LaunchAgentLabel}", $"rm {Core.Paths.ShellQuote.Path(plist)}"])
                : null;
        }

        // 0.x wrote the unit under $HOME/.config whatever XDG_CONFIG_HOME said (the dirs crate's home_dir).
        var unit = Path.Combine(userHome, ".config", "systemd", "user", UnitName);
        return File.Exists(unit)
            ? new OldService(unit, [$"systemctl --user disable --now {UnitName}", $"rm {Core.Paths.ShellQuote.Path(unit)}", "systemctl --user daemon-reload"])
            : null;
    }

    public static OldService? FromEnvironment() =>
        Find(Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), OperatingSystem.IsMacOS());

    /// <summary>Tells the user on <paramref name="error"/> what was found and the exact commands that retire it.</summary>
    public void Explain(TextWriter error)
    {
        error.WriteLine($"th: turtle-harbor 0.x's service is installed ({DefinitionPath}); its turtled uses the socket this th needs. Stop and remove it (its logs stay) with:");
        foreach (var command in RemoveCommands)
        {
            error.WriteLine($"  {command}");
        }
    }
}
