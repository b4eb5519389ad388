using System.Runtime.Versioning;

// Like th itself, the tests run on Linux and macOS only.
[assembly: UnsupportedOSPlatform("windows")]
