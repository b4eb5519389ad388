using System.CommandLine;
using System.Reflection;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Cli;
using TurtleHarbor.Cli.Commands;
using TurtleHarbor.Cli.Completion;
using TurtleHarbor.Cli.Service;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Daemon;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Server;

// A parent that ignored SIGCHLD would make every child's exit status vanish: undo that before
// anything (Console, Process, signal registration) touches child handling.
SignalDispositions.ResetChildSignalToDefault();
SignalDispositions.IgnoreBrokenPipe();

var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
// Buffered: a table written cell by cell through Console.Out costs a write(2) per cell. Flushed
// before any error text, by the streaming commands as they go, and at exit.
// Made on first use: --version and --help never pay for it.
StreamWriter? bufferedOutput = null;
// Not Console's stream, which drops EPIPE: a closed stdout must end the command (ClosedOutput).
TextWriter Output() => bufferedOutput ??= new StreamWriter(new StandardOutputStream(), new System.Text.UTF8Encoding(false), 16 * 1024) { AutoFlush = false };

// False when stdout's reader is gone: what is left to print has nobody to read it.
bool FlushOutput()
{
    try
    {
        bufferedOutput?.Flush();
        return true;
    }
    catch (IOException e) when (ClosedOutput.Is(e))
    {
        return false;
    }
}

var error = Console.Error;

// On the root (so `th -c FILE up` works) and on each command that reads a config, so that only those list it.
var config = new Option<string?>("--config", "-c") { Description = "the scripts.yml to use (default: $TURTLE_HARBOR_CONFIG, else ./scripts.yml)" };
// Named in capitals: System.CommandLine prints an argument's Name (not its HelpName) in the usage line, always as <Name>, so
// this is as close to the conventional [NAME...] as it allows: [<NAME>...]. The completion model finds them by this name.
var names = new Argument<string[]>("NAME") { Description = "script names (all when none)", Arity = ArgumentArity.ZeroOrMore };
names.Validators.Add(result =>
{
    // A ZeroOrMore argument would swallow a mistyped option as a script name.
    foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
    {
        result.AddError($"unknown option '{token.Value}'");
    }
});
var json = new Option<bool>("--json") { Description = "print JSON for programs" };

ClientContext Context() => ClientContext.FromEnvironment(Output(), error, version);
string ConfigPath(ParseResult parse) => ConfigPathResolver.Resolve(parse.GetValue(config), Environment.GetEnvironmentVariable, Environment.CurrentDirectory);

var upForce = new Option<bool>("--force") { Description = "go ahead even when the file has no scripts left while the daemon runs some of it" };
var upNoDeps = new Option<bool>("--no-deps") { Description = "start only the named scripts, without starting or waiting for what they depend on" };
var up = new Command("up", "register the config with the daemon and start scripts, each after its depends_on (cron scripts are armed; changed running ones restart)") { names, upForce, upNoDeps };
up.SetAction((parse, ct) => ScriptCommands.UpAsync(Context(), ConfigPath(parse), parse.GetValue(names) ?? [], parse.GetValue(upForce), parse.GetValue(upNoDeps), ct));

var down = new Command("down", "stop scripts and their whole process groups; they stay stopped") { names };
down.SetAction((parse, ct) => ScriptCommands.DownAsync(Context(), ConfigPath(parse), parse.GetValue(names) ?? [], ct));

var restart = new Command("restart", "stop then start scripts") { names };
restart.SetAction((parse, ct) => ScriptCommands.RestartAsync(Context(), ConfigPath(parse), parse.GetValue(names) ?? [], ct));

var runName = new Argument<string>("NAME") { Description = "the script to start once, now" };
var run = new Command("run", "start a script once, now, outside its schedule") { runName };
run.SetAction((parse, ct) => ScriptCommands.RunAsync(Context(), ConfigPath(parse), parse.GetValue(runName)!, ct));

var signal = new Option<string>("--signal", "-s") { Description = "HUP, SIGTERM, usr1 ... or a number", HelpName = "SIGNAL", DefaultValueFactory = _ => KillCommand.DefaultSignal };
signal.CompletionSources.Add(SignalNames.Sendable.Split(", "));
var mainOnly = new Option<bool>("--main") { Description = "only each script's main process, not its whole process group" };
var kill = new Command("kill", "send a signal to scripts' process groups (what follows is the restart policy's)") { signal, mainOnly, names };
kill.SetAction((parse, ct) => KillCommand.RunAsync(Context(), ConfigPath(parse), parse.GetValue(signal)!, parse.GetValue(mainOnly), parse.GetValue(names) ?? [], ct));

var dryRun = new Option<bool>("--dry-run") { Description = "only report what would change" };
var force = new Option<bool>("--force") { Description = "reload even when the file has no scripts left (stops them all)" };
var reload = new Command("reload", "re-read the config: stop removed, restart changed, start added scripts") { dryRun, force };
reload.SetAction((parse, ct) => ReloadCommand.RunAsync(Context(), ConfigPath(parse), parse.GetValue(dryRun), parse.GetValue(force), ct));

var all = new Option<bool>("--all", "-a") { Description = "every config the daemon knows" };
var ps = new Command("ps", "status of this config's scripts") { names, all, json };
ps.SetAction((parse, ct) =>
{
    var everything = parse.GetValue(all);
    return PsCommand.RunAsync(Context(), everything ? null : ConfigPath(parse), everything, parse.GetValue(json), parse.GetValue(names) ?? [], ct);
});

var logName = new Argument<string?>("NAME") { Description = "one script (all of the config when omitted)", Arity = ArgumentArity.ZeroOrOne };
var lines = new Option<int>("--tail", "-n")
{
    Description = "how many lines (a whole number, 0 or more)",
    DefaultValueFactory = _ => 100,
    CustomParser = result => CliArguments.NonNegative(result, "--tail"),
};
var follow = new Option<bool>("--follow", "-f") { Description = "stream new lines until Ctrl-C" };
var logs = new Command("logs", "show script output") { logName, lines, follow };
logs.SetAction((parse, ct) => LogsCommand.RunAsync(Context(), ConfigPath(parse), parse.GetValue(logName), parse.GetValue(lines), parse.GetValue(follow), ct));

var topAll = new Option<bool>("--all", "-a") { Description = "every config the daemon knows" };
var top = new Command("top", "live view of the scripts: status, health, CPU, memory (r restart, s stop/start, l logs, q quit)") { topAll };
top.SetAction((parse, ct) =>
{
    var everything = parse.GetValue(topAll);
    return TurtleHarbor.Cli.Top.TopCommand.RunAsync(Context(), everything ? null : ConfigPath(parse), everything, ct);
});

var historyName = new Argument<string?>("NAME") { Description = "one script (all of the config when omitted)", Arity = ArgumentArity.ZeroOrOne };
var history = new Command("history", "recent runs: start, end, duration, exit code or signal, trigger") { historyName, json };
history.SetAction((parse, ct) => HistoryCommand.RunAsync(Context(), ConfigPath(parse), parse.GetValue(historyName), parse.GetValue(json), ct));

var validate = new Command("validate", "check the config offline and print every problem");
validate.SetAction(parse => ValidateCommand.Run(Context(), () => ConfigPath(parse)));

var write = new Option<bool>("--write") { Description = "replace the file, keeping the original as FILE.0x.bak" };
var migrate = new Command("migrate", "rewrite a turtle-harbor 0.x config for this version (a diff; --write applies it)") { write };
migrate.SetAction(parse => MigrateCommand.Run(Context(), ConfigPath(parse), parse.GetValue(write)));

var foreground = new Option<bool>("--foreground") { Description = "run in this process (for launchd, systemd or a terminal)" };
var logLevel = new Option<LogLevel?>("--log-level")
{
    Description = $"console log level: {CliArguments.LogLevelNames} (default: $TURTLE_HARBOR_LOG_LEVEL, else information)",
    CustomParser = CliArguments.LogLevel,
};
var daemonStop = new Command("stop", "stop the daemon and all scripts");
daemonStop.SetAction((_, ct) => DaemonCommands.StopAsync(Context(), ct));
var daemonStatus = new Command("status", "print the daemon's pid, version, uptime and socket") { json };
daemonStatus.SetAction((parse, ct) => DaemonCommands.StatusAsync(Context(), parse.GetValue(json), ct));
var daemonRestart = new Command("restart", "restart the daemon (e.g. after an upgrade); scripts that were up come back");
daemonRestart.SetAction((_, ct) => DaemonRestartCommand.RunAsync(Context(), ServiceManagers.ForHostOrNull(ThPaths.FromEnvironment()), ct));
var http = new Option<string?>("--http") { Description = "also serve GET /health, /health/NAME and /metrics on [ADDR:]PORT (PORT alone: 127.0.0.1; default: $TURTLE_HARBOR_HTTP, else off)", HelpName = "[ADDR:]PORT" };
var daemon = new Command("daemon", "run the supervisor (detached unless --foreground)") { foreground, logLevel, http, daemonStop, daemonStatus, daemonRestart };
daemon.SetAction((parse, ct) =>
{
    var httpBinding = TurtleHarbor.Daemon.Http.HttpBinding.Resolve(parse.GetValue(http), Environment.GetEnvironmentVariable);
    return parse.GetValue(foreground)
        ? new DaemonHost(ThPaths.FromEnvironment(), version, DaemonLogging.Options(parse.GetValue(logLevel), console: true), httpBinding).RunAsync(ct)
        : DaemonCommands.StartDetachedAsync(Context(), ct, parse.GetValue(http));
});

var printService = new Option<bool>("--print") { Description = "print the service definition; change nothing" };
var replaceOld = new Option<bool>("--replace-old") { Description = "first stop and remove turtle-harbor 0.x's LaunchAgent or systemd unit (its logs stay)" };
var serviceInstall = new Command("install", "write and load a per-user service running 'th daemon --foreground' (launchd or systemd)") { printService, replaceOld };
serviceInstall.SetAction((parse, ct) => ServiceCommands.InstallAsync(
    Context(), ServiceManagers.ForHost(ThPaths.FromEnvironment()), parse.GetValue(printService), ct, parse.GetValue(replaceOld), new ProcessCommandRunner(), OldService.FromEnvironment()));
var serviceUninstall = new Command("uninstall", "stop and remove the service");
serviceUninstall.SetAction((_, ct) => ServiceCommands.UninstallAsync(Context(), ServiceManagers.ForHost(ThPaths.FromEnvironment()), ct));
var serviceStatus = new Command("status", "whether the service is installed, loaded and its daemon answering");
serviceStatus.SetAction((_, ct) => ServiceCommands.StatusAsync(Context(), ServiceManagers.ForHost(ThPaths.FromEnvironment()), ct));
var service = new Command("service", "run the daemon at login under launchd (macOS) or systemd (Linux)") { serviceInstall, serviceUninstall, serviceStatus };

var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
shell.AcceptOnlyFromAmong(CompletionCommand.Shells);
var completion = new Command("completion", "print a shell completion script, e.g. eval \"$(th completion bash)\"") { shell };
var completeNames = new Command(CompletionModel.NamesCommand, "print the config's script names (for completion scripts)") { Hidden = true };
completeNames.SetAction(parse => CompletionCommand.PrintNames(Context(), () => ConfigPath(parse)));

foreach (var readsConfig in new[] { up, down, restart, kill, run, reload, ps, top, logs, history, validate, completeNames })
{
    readsConfig.Options.Add(config);
}

var root = new RootCommand("Turtle Harbor: a small, fast process supervisor") { config, up, down, restart, kill, run, reload, ps, top, logs, history, validate, daemon };
root.Subcommands.Add(service);
root.Subcommands.Add(completion);
root.Subcommands.Add(completeNames);
root.Subcommands.Add(migrate);
foreach (var old in OldCommands.All)
{
    root.Subcommands.Add(old);
}

completion.SetAction(parse => CompletionCommand.Print(Context(), root, parse.GetValue(shell)!));

var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    foreach (var parseError in CliArguments.OnePerMistake(parseResult))
    {
        error.WriteLine($"th: {parseError}");
    }

    error.WriteLine("hint: see 'th --help'");
    return (int)ExitCode.Usage;
}

// The daemon handles SIGTERM itself (stop scripts, save state); System.CommandLine would force exit 143 after 2 s.
var isDaemon = parseResult.CommandResult.Command == daemon && parseResult.GetValue(foreground);
var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
if (isDaemon)
{
    invocation.ProcessTerminationTimeout = null;
}

try
{
    var code = await parseResult.InvokeAsync(invocation);
    return FlushOutput() ? code : 0;
}
catch (Exception e) when (ClosedOutput.Is(e))
{
    // stdout's reader is gone (`| head -1`): the command is over, quietly, as for any program in a pipeline.
    return 0;
}
catch (ThException e)
{
    FlushOutput();
    error.WriteLine($"th: {e.Message}");
    if (e.Hint is { } hint)
    {
        error.WriteLine($"hint: {hint}");
    }

    return (int)e.ExitCode;
}
catch (OperationCanceledException)
{
    FlushOutput();
    return 130;
}
catch (Exception e)
{
    FlushOutput();
    error.WriteLine("th: internal error");
    error.WriteLine(e.ToString());
    return (int)ExitCode.Internal;
}
