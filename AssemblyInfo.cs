using System.Runtime.Versioning;

// th runs on Linux and macOS only (CONTRACTS.md §1): Unix file modes, signals and posix_spawn everywhere.
[assembly: UnsupportedOSPlatform("windows")]
