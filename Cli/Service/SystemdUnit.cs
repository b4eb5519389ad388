using System.Text;

namespace TurtleHarbor.Cli.Service;

/// <summary>The systemd user unit (systemd.service(5)) that runs <c>th daemon --foreground</c> for the user.</summary>
internal static class SystemdUnit
{
    public const string Name = "turtle-harbor.service";

    public static string Render(ServiceSetup setup)
    {
        var text = new StringBuilder();
        text.Append("""
            [Unit]
            Description=Turtle Harbor process supervisor (th daemon)

            [Service]
            Type=simple

            """);
        text.Append("ExecStart=").Append(Quote(setup.Executable)).Append(" daemon --foreground\n");
        text.Append("WorkingDirectory=").Append(Quote(setup.UserHome)).Append('\n');
        foreach (var (name, value) in setup.Environment)
        {
            text.Append(EnvironmentLine(name, value));
        }

        text.Append("""
            # Restart after a crash or a failing exit, not after 'th daemon stop' (exit 0). A daemon that finds
            # its home already served exits 1 and is retried every 10 s, so the service takes over once the
            # other daemon is gone instead of fighting it.
            Restart=on-failure
            RestartSec=10
            # SIGTERM to th only: it stops each script with the script's own stop_signal and stop_timeout.
            # Whatever is left in the cgroup after th exits is killed.
            KillMode=mixed

            """);
        // As launchd's ExitTimeOut: the largest stop_timeout plus a margin (ServiceStopBudget).
        text.Append("TimeoutStopSec=").Append(ServiceStopBudget.Seconds).Append('\n');
        text.Append("""

            [Install]
            WantedBy=default.target

            """);
        return text.ToString();
    }

    /// <summary>One Environment= line, exactly as <see cref="Render"/> writes it.</summary>
    public static string EnvironmentLine(string name, string value) => $"Environment={Quote($"{name}={value}")}\n";

    /// <summary>
    /// Quotes one word for a unit file: double quotes around anything with spaces or quotes, backslash
    /// escapes inside, and % doubled so systemd does not read it as a specifier.
    /// </summary>
    public static string Quote(string value)
    {
        var escaped = value.Replace("%", "%%");
        if (escaped.Length > 0 && !escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';'))
        {
            return escaped;
        }

        return "\"" + escaped.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
