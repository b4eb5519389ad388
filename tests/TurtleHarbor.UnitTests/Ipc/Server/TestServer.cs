using Microsoft.Extensions.Logging.Abstractions;
using TurtleHarbor.Ipc.Server;

namespace TurtleHarbor.Tests.Ipc.Server;

/// <summary>
/// An IpcServer on a short, private /tmp path (sun_path is 104 bytes on macOS), running until disposed.
/// The socket sits in a subdirectory so the server has to create it.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    private TestServer(string root)
    {
        Root = root;
        SocketPath = System.IO.Path.Combine(root, "run", "d.sock");
    }

    public string Root { get; }

    public string SocketPath { get; }

    public string SocketDirectory => System.IO.Path.GetDirectoryName(SocketPath)!;

    public IpcServer? Server { get; private set; }

    public static TestServer Prepare() => new(System.IO.Path.Combine("/tmp", "th-" + Guid.NewGuid().ToString("N")[..10]));

    public static async Task<TestServer> StartAsync(IRequestHandler handler, TimeSpan? idleTimeout = null)
    {
        var server = Prepare();
        await server.StartServerAsync(handler, idleTimeout);
        return server;
    }

    public async Task StartServerAsync(IRequestHandler handler, TimeSpan? idleTimeout = null)
    {
        Server = new IpcServer(SocketPath, handler, NullLogger.Instance) { IdleTimeout = idleTimeout ?? TimeSpan.FromMinutes(5) };
        await Server.ListenAsync(CancellationToken.None);
        _run = Server.RunAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(20));
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _stop.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
