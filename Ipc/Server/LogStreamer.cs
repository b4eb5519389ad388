using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Logging;

namespace TurtleHarbor.Ipc.Server;

/// <summary>
/// Answers <c>th logs</c>: the tail of one script, or the tails of every script of a config
/// merged by time, sent as chunks that stay far below the frame limit.
/// </summary>
internal static class LogStreamer
{
    private const int ChunkLines = 500;
    private const int ChunkBytes = 1024 * 1024;

    public static async Task StreamAsync(DaemonCore core, LogsRequest request, IResponseWriter responses, CancellationToken cancellationToken)
    {
        var result = (LogSourcesResult)await core.SendAsync(new LogSourcesCommand(request.ConfigPath, request.Name), cancellationToken);
        var lines = Tail(result.Sources, Math.Max(0, request.Lines));
        await SendChunksAsync(lines, responses, cancellationToken);
        await responses.WriteAsync(new LogsResponse(EndOfTail: true, Following: false), cancellationToken);
    }

    private static List<LogLine> Tail(IReadOnlyList<LogSource> sources, int count)
    {
        if (sources.Count == 1)
        {
            var only = sources[0];
            return [.. LogTail.ReadLastLines(only.Path, count, only.MaxFiles).Select(text => new LogLine(only.Name, text))];
        }

        // Each script's tail is in time order already; a stable sort by timestamp interleaves them.
        var merged = new List<(DateTimeOffset At, LogLine Line)>();
        foreach (var source in sources)
        {
            var last = DateTimeOffset.MinValue;
            foreach (var text in LogTail.ReadLastLines(source.Path, count, source.MaxFiles))
            {
                last = LogLineParser.TryParseTimestamp(text, out var at) ? at : last;
                merged.Add((last, new LogLine(source.Name, text)));
            }
        }

        return [.. merged.OrderBy(m => m.At).Select(m => m.Line)];
    }

    private static async Task SendChunksAsync(List<LogLine> lines, IResponseWriter responses, CancellationToken cancellationToken)
    {
        var chunk = new List<LogLine>(Math.Min(lines.Count, ChunkLines));
        var bytes = 0;
        foreach (var line in lines)
        {
            chunk.Add(line);
            bytes += line.Text.Length + line.Script.Length;
            if (chunk.Count >= ChunkLines || bytes >= ChunkBytes)
            {
                await responses.WriteAsync(new LogChunkResponse([.. chunk]), cancellationToken);
                chunk.Clear();
                bytes = 0;
            }
        }

        if (chunk.Count > 0)
        {
            await responses.WriteAsync(new LogChunkResponse(chunk), cancellationToken);
        }
    }
}
