namespace TurtleHarbor.Core.Errors;

/// <summary>BSD sysexits as fixed by CONTRACTS.md §3.</summary>
internal enum ExitCode
{
    Success = 0,
    ScriptOperationFailed = 1,
    Usage = 64,
    ScriptNotFound = 65,
    ConfigNotFound = 66,
    DaemonUnreachable = 69,
    Internal = 70,
    Io = 74,
    Protocol = 76,
    ConfigInvalid = 78,
}
