using System.Text;

namespace TurtleHarbor.Cli.Service;

/// <summary>
/// The LaunchAgent property list (launchd.plist(5)) that runs <c>th daemon --foreground</c> at login.
/// Written as text: a handful of fixed keys needs no serializer, and the test parses it back as a plist.
/// </summary>
internal static class LaunchAgentPlist
{
    public const string Label = "dev.turtleharbor.daemon";

    /// <summary>launchd.plist(5) ProcessType; the Homebrew formula's service block says the same (process_type :interactive).</summary>
    public const string ProcessType = "Interactive";

    public static string StdoutPath(ServiceSetup setup) => Path.Combine(setup.LogDir, "launchd.stdout.log");

    public static string StderrPath(ServiceSetup setup) => Path.Combine(setup.LogDir, "launchd.stderr.log");

    public static string Render(ServiceSetup setup)
    {
        var text = new StringBuilder();
        text.Append("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>

            """);
        Key(text, "Label").Append(Str(Label)).Append('\n');
        Key(text, "ProgramArguments").Append("<array>\n");
        foreach (var argument in new[] { setup.Executable, "daemon", "--foreground" })
        {
            text.Append("\t\t").Append(Str(argument)).Append('\n');
        }

        text.Append("\t</array>\n");
        Key(text, "RunAtLoad").Append("<true/>\n");
        // Restart after a crash or a failing exit, not after 'th daemon stop' (exit 0). A daemon that
        // finds its home already served exits 1 and launchd retries at its throttle (10 s), so the
        // service takes over once the other daemon is gone instead of fighting it.
        Key(text, "KeepAlive").Append("<dict>\n");
        text.Append("\t\t<key>SuccessfulExit</key>\n\t\t<false/>\n\t</dict>\n");
        // Interactive, not Background: the scripts inherit the job's resource limits, and under Background
        // (or Standard's throttling) launchd lowers their CPU and I/O priority as for work nobody asked for;
        // they are the servers and workers the user is using right now (launchd.plist(5), ProcessType).
        Key(text, "ProcessType").Append(Str(ProcessType)).Append('\n');
        // launchd's system-defined default ExitTimeOut (seconds) would SIGKILL th mid-stop at logout and orphan a script
        // with a longer stop_timeout; see ServiceStopBudget.
        Key(text, "ExitTimeOut").Append("<integer>").Append(ServiceStopBudget.Seconds).Append("</integer>\n");
        Key(text, "WorkingDirectory").Append(Str(setup.UserHome)).Append('\n');
        Key(text, "StandardOutPath").Append(Str(StdoutPath(setup))).Append('\n');
        Key(text, "StandardErrorPath").Append(Str(StderrPath(setup))).Append('\n');
        Key(text, "EnvironmentVariables").Append("<dict>\n");
        foreach (var (name, value) in setup.Environment)
        {
            text.Append(EnvironmentEntry(name, value));
        }

        text.Append("\t</dict>\n</dict>\n</plist>\n");
        return text.ToString();
    }

    /// <summary>One variable of EnvironmentVariables, exactly as <see cref="Render"/> writes it.</summary>
    public static string EnvironmentEntry(string name, string value) => $"\t\t<key>{Escape(name)}</key>\n\t\t{Str(value)}\n";

    private static StringBuilder Key(StringBuilder text, string key) => text.Append("\t<key>").Append(key).Append("</key>\n\t");

    private static string Str(string value) => $"<string>{Escape(value)}</string>";

    private static string Escape(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
