namespace TurtleHarbor.Core.Native;

/// <summary>
/// Every native call of th lives in a partial of this class, one file per C header
/// (Libc.Signal.cs, Libc.Wait.cs, Libc.Spawn.cs ...). "libc" resolves to libc.so.6 on glibc
/// and to libSystem on macOS.
/// </summary>
internal static partial class Libc
{
    private const string Lib = "libc";
}
