namespace TurtleHarbor.Core.Errors;

/// <summary>
/// The daemon's connection broke before it answered (exit 69, as any unreachable daemon). The
/// client's retry rule (DaemonConnector) reads <see cref="Delivery"/>: a request the daemon never
/// read cannot have been acted on, one it may have read is not sent again when it changes something.
/// </summary>
/// <param name="delivery">How far the request got before the connection broke.</param>
internal sealed class ConnectionLostException(string message, RequestDelivery delivery, string? hint = null, Exception? inner = null)
    : ThException(message, ExitCode.DaemonUnreachable, hint, inner)
{
    public RequestDelivery Delivery { get; } = delivery;
}

/// <summary>What a client knows of its request when the connection to the daemon is lost before the answer.</summary>
internal enum RequestDelivery
{
    /// <summary>The daemon never read it: its write failed, or a daemon that gives receipts sent none.</summary>
    Unread,

    /// <summary>Written whole, with no receipt asked for: the daemon may have read it and acted on it.</summary>
    Unknown,

    /// <summary>The daemon's receipt came: it read the request and was carrying it out.</summary>
    Received,
}
