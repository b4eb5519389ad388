namespace TurtleHarbor.Core.Native;

/// <summary>Why a connect to the daemon's Unix socket failed (<see cref="ErrnoMeaning.OfConnect"/>).</summary>
internal enum ConnectFailure
{
    /// <summary>A daemon listens but its listen backlog is full: wait and try again.</summary>
    BacklogFull,

    /// <summary>No socket file, or nobody listening on it.</summary>
    NoListener,

    /// <summary>Anything else (permissions, a path that is not a socket ...).</summary>
    Other,
}
