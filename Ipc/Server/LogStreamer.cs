using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Ipc.Server;

/// <summary>
/// Answers <c>th logs</c>: the tail of one script, or the tails of every script of a config merged
/// by time, sent as chunks that stay far below the frame limit; with follow, then every new line
/// from the writers' in-memory fan-out until the client goes away.
/// </summary>
internal static class LogStreamer
{
    private const int ChunkLines = 500;
    private const int ChunkBytes = 1024 * 1024;

    public static async Task StreamAsync(DaemonCore core, LogsRequest request, IResponseWriter responses, CancellationToken cancellationToken)
    {
        var result = (LogSourcesResult)await core.SendAsync(new LogSourcesCommand(core.SourceFor(request.ConfigPath), request.Name), cancellationToken);

        // Listen before reading the tail, so no line falls between the two; lines in both are dropped below.
        using var follower = request.Follow ? new LogFollower(result.Sources) : null;
        await FlushAsync(result.Sources, cancellationToken);
        var tail = Tail(result.Sources, Math.Max(0, request.Lines));
        await SendChunksAsync(tail, responses, cancellationToken);
        var missing = result.Sources.Where(s => !File.Exists(s.Path)).Select(s => new LogLine(s.Name, s.Path)).ToList();
        await responses.WriteAsync(new LogsResponse(EndOfTail: true, Following: follower is not null, missing.Count > 0 ? missing : null), cancellationToken);
        if (follower is not null)
        {
            await FollowAsync(follower, LastLines(tail), responses, cancellationToken);
        }
    }

    private static Task FlushAsync(IReadOnlyList<LogSource> sources, CancellationToken cancellationToken) =>
        Task.WhenAll(sources.Where(s => s.Writer is not null).Select(s => s.Writer!.FlushAsync(cancellationToken)));

    private static async Task FollowAsync(LogFollower follower, Dictionary<string, string> lastTailLines, IResponseWriter responses, CancellationToken cancellationToken)
    {
        var reader = follower.Lines;
        var buffered = new List<LogLine>();
        while (reader.TryRead(out var line))
        {
            buffered.Add(line);
        }

        await SendChunksAsync(WithoutTail(buffered, lastTailLines), responses, cancellationToken);
        var chunk = new List<LogLine>();
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            var bytes = 0;
            while (chunk.Count < ChunkLines && bytes < ChunkBytes && reader.TryRead(out var line))
            {
                chunk.Add(line);
                bytes += line.Text.Length;
            }

            await responses.WriteAsync(new LogChunkResponse([.. chunk]), cancellationToken);
            chunk.Clear();
        }
    }

    /// <summary>
    /// The follower listened before the tail was read, so what it buffered until then may be in the
    /// tail too: per script, drop buffered lines up to and including the tail's last line. A script
    /// whose last tail line is not in the buffer had nothing in both.
    /// </summary>
    private static List<LogLine> WithoutTail(List<LogLine> buffered, Dictionary<string, string> lastTailLines)
    {
        var cut = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < buffered.Count; i++)
        {
            if (lastTailLines.TryGetValue(buffered[i].Script, out var last) && buffered[i].Text == last)
            {
                cut[buffered[i].Script] = i;
            }
        }

        return [.. buffered.Where((line, i) => !cut.TryGetValue(line.Script, out var upTo) || i > upTo)];
    }

    private static Dictionary<string, string> LastLines(List<LogLine> tail)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in tail)
        {
            last[line.Script] = line.Text;
        }

        return last;
    }

    /// <summary>The last <paramref name="count"/> lines of each source, interleaved by timestamp; also read by a client when no daemon runs.</summary>
    public static List<LogLine> Tail(IReadOnlyList<LogSource> sources, int count)
    {
        if (sources.Count == 1)
        {
            var only = sources[0];
            return [.. LogTail.ReadLastLines(only.Path, count, only.MaxFiles).Select(text => new LogLine(only.Name, text))];
        }

        // Each script's tail is in time order already; a stable sort by timestamp interleaves them (the running
        // number keeps lines of one instant in the order read: script by script, oldest first).
        var merged = new List<(long UtcTicks, int Order, LogLine Line)>();
        foreach (var source in sources)
        {
            var last = DateTimeOffset.MinValue;
            foreach (var text in LogTail.ReadLastLines(source.Path, count, source.MaxFiles))
            {
                last = LogLineParser.TryParseTimestamp(text, out var at) ? at : last;
                merged.Add((last.UtcTicks, merged.Count, new LogLine(source.Name, text)));
            }
        }

        merged.Sort(static (a, b) => a.UtcTicks != b.UtcTicks ? a.UtcTicks.CompareTo(b.UtcTicks) : a.Order.CompareTo(b.Order));
        var lines = new List<LogLine>(merged.Count);
        foreach (var (_, _, line) in merged)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static async Task SendChunksAsync(List<LogLine> lines, IResponseWriter responses, CancellationToken cancellationToken)
    {
        for (var start = 0; start < lines.Count;)
        {
            var end = start;
            var bytes = 0;
            while (end < lines.Count && end - start < ChunkLines && bytes < ChunkBytes)
            {
                bytes += lines[end].Text.Length;
                end++;
            }

            await responses.WriteAsync(new LogChunkResponse(lines[start..end]), cancellationToken);
            start = end;
        }
    }
}
