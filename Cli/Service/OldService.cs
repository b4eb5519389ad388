namespace TurtleHarbor.Cli.Service;

/// <summary>One step that retires 0.x's service: a program to run (<see cref="Program"/> with <see cref="Arguments"/>) or a file to remove.</summary>
/// <param name="Shown">The step as the user would type it (the uid as <c>$(id -u)</c>).</param>
/// <param name="MayFail">A failure means only that there was nothing to stop (not loaded, unknown unit): go on.</param>
internal sealed record OldServiceStep(string Shown, string? Program = null, IReadOnlyList<string>? Arguments = null, string? RemoveFile = null, bool MayFail = false);

/// <summary>
/// turtle-harbor 0.x's own service (its src/client/service.rs): the LaunchAgent <c>com.turtle-harbor.daemon</c> in
/// ~/Library/LaunchAgents (KeepAlive, so launchd restarts its <c>turtled</c>) or the systemd user unit
/// <c>turtle-harbor.service</c> in ~/.config/systemd/user. Its <c>turtled</c> listens on the socket path this th uses,
/// so it has to go before this daemon can serve; these are the steps that stop and remove it (its logs stay).
/// On Linux th's own unit has the same name and, without XDG_CONFIG_HOME, the same path: a unit that runs
/// <c>th daemon --foreground</c> is th's, not 0.x's.
/// </summary>
internal sealed record OldService(string DefinitionPath, IReadOnlyList<OldServiceStep> Steps)
{
    public const string LaunchAgentLabel = "com.turtle-harbor.daemon";
    public const string UnitName = "turtle-harbor.service";

    /// <summary>The steps as the user would type them.</summary>
    public IReadOnlyList<string> RemoveCommands => [.. Steps.Select(s => s.Shown)];

    /// <summary>The 0.x service installed for the user whose home is <paramref name="userHome"/>, or null.</summary>
    /// <param name="uid">The user's uid, for launchd's <c>gui/UID</c> domain.</param>
    public static OldService? Find(string userHome, bool macOS, uint uid)
    {
        if (macOS)
        {
            var plist = Path.Combine(userHome, "Library", "LaunchAgents", LaunchAgentLabel + ".plist");
            return File.Exists(plist)
                ? new OldService(plist, [
                    new($"launchctl bootout gui/$(id -u)/{LaunchAgentLabel}", "launchctl", ["bootout", $"gui/{uid}/{LaunchAgentLabel}"], MayFail: true),
                    new($"rm {Core.Paths.ShellQuote.Path(plist)}", RemoveFile: plist)])
                : null;
        }

        // 0.x wrote the unit under $HOME/.config whatever XDG_CONFIG_HOME said (the dirs crate's home_dir).
        var unit = Path.Combine(userHome, ".config", "systemd", "user", UnitName);
        return File.Exists(unit) && !IsThUnit(unit)
            ? new OldService(unit, [
                new($"systemctl --user disable --now {UnitName}", "systemctl", ["--user", "disable", "--now", UnitName], MayFail: true),
                new($"rm {Core.Paths.ShellQuote.Path(unit)}", RemoveFile: unit),
                new("systemctl --user daemon-reload", "systemctl", ["--user", "daemon-reload"])])
            : null;
    }

    public static OldService? FromEnvironment() =>
        Find(Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            OperatingSystem.IsMacOS(), Core.Native.Libc.geteuid());

    /// <summary>Tells the user on <paramref name="error"/> what was found and the exact commands that retire it.</summary>
    public void Explain(TextWriter error)
    {
        error.WriteLine($"th: turtle-harbor 0.x's service is installed ({DefinitionPath}); its turtled uses the socket this th needs. Stop and remove it (its logs stay) with:");
        foreach (var command in RemoveCommands)
        {
            error.WriteLine($"  {command}");
        }

        error.WriteLine("hint: 'th service install --replace-old' runs these, then installs th's service");
    }

    private static bool IsThUnit(string unit)
    {
        try
        {
            return File.ReadLines(unit).Any(line => line.StartsWith("ExecStart=", StringComparison.Ordinal) && line.EndsWith(" daemon --foreground", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
