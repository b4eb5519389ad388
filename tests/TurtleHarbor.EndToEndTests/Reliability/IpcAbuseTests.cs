using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using TurtleHarbor.Ipc;
using TurtleHarbor.Tests.EndToEnd;

namespace TurtleHarbor.Tests.Reliability;

/// <summary>
/// Bad clients against the real daemon: each gets an error frame or a closed connection, and a
/// well-behaved client is answered at normal speed all along; fds and memory come back down.
/// </summary>
public sealed class IpcAbuseTests
{
    // Under the daemon's 10 s frame timeout: a good client stuck behind a bad one would wait that long.
    // Anything faster passes, so a loaded machine does not fail it.
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(8);

    [LinuxFact(Timeout = 300_000)]
    public async Task Garbage_frames_get_an_error_or_a_closed_connection_while_other_clients_are_answered()
    {
        var random = new Random(ReliabilityScale.Seed);
        var inputs = ReliabilityScale.Pick(300, 5_000);
        await using var th = await StartedAsync();
        var daemon = th.DaemonPid()!.Value;
        var socket = Path.Combine(th.Home, "daemon.sock");
        using var good = await RawClient.ConnectAsync(socket);
        var fdsBefore = ProcScan.OpenFdsExceptAssemblies(daemon);
        var fdsDescribed = ProcScan.DescribeFds(daemon);
        var rssBefore = Processes.ResidentBytes(daemon);
        var slowest = TimeSpan.Zero;

        for (var i = 0; i < inputs; i++)
        {
            var (what, bytes, closeAfter) = BadInput(random, th.ConfigPath);
            using var bad = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await bad.ConnectAsync(new UnixDomainSocketEndPoint(socket));
            try
            {
                await bad.SendAsync(bytes);
                if (closeAfter)
                {
                    bad.Shutdown(SocketShutdown.Send);
                }
            }
            catch (SocketException)
            {
                // The daemon may already have refused and closed: that is an allowed answer.
            }

            var answer = await ReadAnswerAsync(bad);
            Assert.True(answer is null || answer.Contains("\"type\":\"error\"", StringComparison.Ordinal),
                $"seed {ReliabilityScale.Seed} input {i} ({what}): answered {answer}");
            slowest = Max(slowest, await TimedPingAsync(good));
        }

        Assert.True(slowest < SlowAnswer, $"a good client waited {slowest} behind bad ones");
        await Eventually.TrueAsync(
            () => ProcScan.OpenFdsExceptAssemblies(daemon) <= fdsBefore + 4,
            $"daemon fds back near {fdsBefore} (now {ProcScan.OpenFdsExceptAssemblies(daemon)}: {ProcScan.DescribeFds(daemon)}; before: {fdsDescribed})");
        Assert.True(Processes.ResidentBytes(daemon) < rssBefore + (100 << 20), $"RSS grew from {rssBefore} to {Processes.ResidentBytes(daemon)}");
        Assert.Equal("running", (await th.PsRowAsync("a")).Status);
    }

    [LinuxFact(Timeout = 300_000)]
    public async Task Idle_connections_and_a_stalled_half_frame_are_closed_and_others_are_still_answered()
    {
        var idleCount = ReliabilityScale.Pick(1_000, 1_000);
        await using var th = await StartedAsync();
        var daemon = th.DaemonPid()!.Value;
        var socket = Path.Combine(th.Home, "daemon.sock");
        var fdsBefore = ProcScan.OpenFdsExceptAssemblies(daemon);
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < idleCount; i++)
            {
                idle.Add(await ConnectAsync(socket));
            }

            var half = RawClient.Frame("""{"type":"ping"}""")[..6];
            await idle[0].SendAsync(half);
            await idle[1].SendAsync(half[..2]);
            using var good = await RawClient.ConnectAsync(socket);
            await Eventually.TrueAsync(() => ProcScan.OpenFds(daemon) >= fdsBefore + idleCount / 2, "daemon holds the idle connections");
            Assert.True(await TimedPingAsync(good) < SlowAnswer, "a good client waited behind idle ones");

            var stalledAnswer = await ReadAnswerAsync(idle[0], TimeSpan.FromSeconds(30));
            Assert.True(stalledAnswer is null || stalledAnswer.Contains("not completed", StringComparison.Ordinal), stalledAnswer);
            var closed = await Task.WhenAll(idle.Skip(1).Select(s => ReadAnswerAsync(s, TimeSpan.FromSeconds(30))));
            Assert.All(closed, c => Assert.True(c is null || c.Contains("\"type\":\"error\"", StringComparison.Ordinal), c));
            await Eventually.TrueAsync(() => ProcScan.OpenFdsExceptAssemblies(daemon) <= fdsBefore + 4, "daemon closed the idle connections");
            using var after = await RawClient.ConnectAsync(socket);
            Assert.True(await TimedPingAsync(after) < SlowAnswer);
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Connects, waiting while the listen backlog is full (EAGAIN) as a patient client would.</summary>
    private static async Task<Socket> ConnectAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await s.ConnectAsync(new UnixDomainSocketEndPoint(path));
                return s;
            }
            catch (SocketException e) when (ListenBacklog.IsFull(e, static () => true) && attempt < 3_000) // the daemon under test holds its lock
            {
                s.Dispose();
                await Task.Delay(10);
            }
        }
    }

    private static async Task<ThHome> StartedAsync()
    {
        var th = new ThHome();
        th.WriteConfig("scripts:\n  a:\n    command: exec sleep 1000\n");
        await th.OkAsync("daemon");
        await th.OkAsync("up");
        return th;
    }

    private static (string What, byte[] Bytes, bool CloseAfter) BadInput(Random random, string config)
    {
        switch (random.Next(9))
        {
            case 0:
                var noise = new byte[random.Next(1, 300)];
                random.NextBytes(noise);
                return ("random bytes", noise, true);
            case 1:
                var frame = RawClient.Frame("""{"type":"ping"}""");
                return ("truncated frame", frame[..random.Next(1, frame.Length)], true);
            case 2:
                return ("4 GiB length", [0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3], false);
            case 3:
                var header = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(header, (10 << 20) + 1);
                return ("10 MiB + 1 length", header, false);
            case 4:
                return ("unknown type", RawClient.Frame($$"""{"type":"x{{random.Next()}}","protocol":1}"""), false);
            case 5:
                string[] missing = ["""{"type":"up"}""", """{"type":"logs","name":"a"}""", """{"type":"run"}""", """{}""", """{"type":null}""", """[]""", "null", "\"up\""];
                return ("missing fields", RawClient.Frame(missing[random.Next(missing.Length)]), false);
            case 6:
                return ("deep nesting", RawClient.Frame(new string('[', 100_000)), false);
            case 7:
                return ("wrong types", RawClient.Frame($$"""{"type":"down","config_path":{{random.Next()}},"names":"{{config}}"}"""), false);
            default:
                var invalid = Encoding.UTF8.GetBytes("""{"type":"ps","config_path":"X"}""");
                invalid[invalid.Length - 4] = 0xC3;
                return ("invalid UTF-8", [.. RawClient.Frame("")[..0], .. Header(invalid.Length), .. invalid], false);
        }
    }

    private static byte[] Header(int length)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, length);
        return header;
    }

    /// <summary>The first frame the daemon sends back, or null once it closed the connection.</summary>
    private static async Task<string?> ReadAnswerAsync(Socket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var header = new byte[4];
        if (!await ReadExactlyAsync(socket, header, cts.Token))
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
        return await ReadExactlyAsync(socket, body, cts.Token) ? Encoding.UTF8.GetString(body) : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var got = 0;
        try
        {
            while (got < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(got), cancellationToken);
                if (n == 0)
                {
                    return false;
                }

                got += n;
            }
        }
        catch (SocketException)
        {
            return false;
        }

        return true;
    }

    private static async Task<TimeSpan> TimedPingAsync(RawClient client)
    {
        var watch = Stopwatch.StartNew();
        var answer = await client.RequestAsync("""{"type":"ping"}""").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("\"type\":\"error\"", answer);
        return watch.Elapsed;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
