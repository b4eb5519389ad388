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

    // Not sendable from scripts.yml, but a child can die of them and `th history` names them.
    Ill,
    Trap,
    Abrt,
    Bus,
    Fpe,
    Segv,
    Sys,
    Ttin,
    Ttou,
    Urg,
    Xcpu,
    Xfsz,
    Vtalrm,
    Prof,
    Io,
}
