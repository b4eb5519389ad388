using Microsoft.Extensions.Logging;

namespace TurtleHarbor.Daemon;

/// <summary>Where the daemon's own log goes: a console (foreground only) and always daemon.log, each with its level.</summary>
internal sealed record DaemonLogOptions(bool Console, LogLevel ConsoleLevel, LogLevel FileLevel);
