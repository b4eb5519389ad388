using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace TurtleHarbor.Tests.Logging;

/// <summary>A private temporary directory per test, and real OS pipes to feed a writer's pumps.</summary>
internal sealed class LogTestFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("th-log-").FullName;

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>An OS pipe: the managed write end, and the read end as the handle a pump takes over.</summary>
    public static (AnonymousPipeServerStream WriteEnd, SafeFileHandle ReadEnd) CreatePipe()
    {
        var server = new AnonymousPipeServerStream(PipeDirection.Out);
        var readEnd = new SafeFileHandle(server.ClientSafePipeHandle.DangerousGetHandle(), ownsHandle: true);
        server.ClientSafePipeHandle.SetHandleAsInvalid();
        return (server, readEnd);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is harmless.
        }
    }
}
