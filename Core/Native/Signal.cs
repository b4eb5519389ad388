namespace TurtleHarbor.Core.Native;

/// <summary>
/// The POSIX signals th sends or names. Numbers differ between Linux and macOS, so the enum
/// values are not signal numbers; <see cref="SignalNumbers"/> maps them per OS.
/// </summary>
internal enum Signal
{
    Hup,
    Int,
    Quit,
    Kill,
    Usr1,
    Usr2,
    Pipe,
    Alrm,
    Term,
    Chld,
    Cont,
    Stop,
    Tstp,
    Winch,
}
