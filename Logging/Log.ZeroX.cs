using Microsoft.Extensions.Logging;
using ZLogger;

namespace TurtleHarbor.Logging;

/// <summary>Carrying turtle-harbor 0.x over (ids 1610-1619).</summary>
internal static partial class Log
{
    [ZLoggerMessage(1610, LogLevel.Information, "turtle-harbor 0.x state found at {from}: copied in for import; the original is kept as {keptAs}")]
    public static partial void ZeroXStateAdopted(this ILogger logger, string from, string keptAs);

    [ZLoggerMessage(1611, LogLevel.Warning, "turtle-harbor 0.x state at {from} not imported: {reason}")]
    public static partial void ZeroXStateNotAdopted(this ILogger logger, string from, string reason);
}
