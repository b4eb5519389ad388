using System.Diagnostics;
using System.Runtime.Versioning;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Tests.Ipc.Server;

public sealed class IpcServerPeerTests
{
    private const string Setpriv = "/usr/bin/setpriv";
    private const string Python = "/usr/bin/python3";

    // Connects, sends a ping frame, prints how many bytes came back before the server closed
    // (a reset counts as none: closing with our request unread resets the connection).
    private const string PingScript =
        "import socket,struct,sys\n" +
        "s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])\n" +
        "b=b'{\"type\":\"ping\"}'\n" +
        "try:\n  s.sendall(struct.pack('<i',len(b))+b); print(len(s.recv(4096)))\n" +
        "except (ConnectionResetError, BrokenPipeError):\n  print(0)\n";

    /// <summary>
    /// Needs root (to run a client as nobody) plus setpriv and python3; elsewhere it passes without
    /// checking anything, since xunit 2 cannot skip at run time.
    /// </summary>
    [Fact(Timeout = 30_000)]
    [UnsupportedOSPlatform("windows")]
    public async Task A_connection_from_another_uid_is_closed_without_an_answer()
    {
        if (!OperatingSystem.IsLinux() || Libc.geteuid() != 0 || !File.Exists(Setpriv) || !File.Exists(Python))
        {
            return;
        }

        var handled = 0;
        var handler = new FakeHandler(async (_, responses, ct) =>
        {
            Interlocked.Increment(ref handled);
            await responses.WriteAsync(new PongResponse("t", 1), ct);
        });
        await using var server = await TestServer.StartAsync(handler);
        // Open the way on purpose, so that only the peer-uid check stands between nobody and the daemon.
        const UnixFileMode open = (UnixFileMode)0b111_101_101;
        File.SetUnixFileMode(server.Root, open);
        File.SetUnixFileMode(server.SocketDirectory, open);
        File.SetUnixFileMode(server.SocketPath, (UnixFileMode)0b110_110_110);

        var output = await RunAsNobodyAsync(server.SocketPath);

        Assert.Equal("0", output.Trim());
        Assert.Equal(0, handled);
    }

    private static async Task<string> RunAsNobodyAsync(string socketPath)
    {
        var start = new ProcessStartInfo(Setpriv) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", Python, "-c", PingScript, socketPath })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(process.ExitCode == 0, await stderr);
            return await stdout;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
