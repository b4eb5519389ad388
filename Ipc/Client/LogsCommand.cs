using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Client;

/// <summary>th logs: one script's lines as written, or every script's interleaved by time behind a coloured name column.</summary>
internal static class LogsCommand
{
    private static readonly string[] Palette = ["36", "33", "32", "35", "34", "91", "92", "93", "94", "95", "96"];

    public static async Task<int> RunAsync(ClientContext context, string config, string? name, int lines, bool follow, CancellationToken cancellationToken)
    {
        await using var client = await DaemonConnector.ConnectAsync(context, cancellationToken);
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        var width = 0;
        await foreach (var response in client.StreamAsync(new LogsRequest(config, name, lines, follow), cancellationToken))
        {
            switch (response)
            {
                case LogChunkResponse chunk:
                    foreach (var line in chunk.Lines)
                    {
                        if (name is null)
                        {
                            context.Output.Write(Prefix(context, prefixes, line.Script, ref width));
                        }

                        context.Output.WriteLine(line.Text);
                    }

                    await context.Output.FlushAsync(cancellationToken);
                    break;
                case LogsResponse { Following: false }:
                    return 0;
                case LogsResponse:
                    break;
                default:
                    ClientRequests.Expect<LogChunkResponse>(response);
                    break;
            }
        }

        return 0;
    }

    private static string Prefix(ClientContext context, Dictionary<string, string> prefixes, string script, ref int width)
    {
        width = Math.Max(width, script.Length);
        if (!prefixes.TryGetValue(script, out var color))
        {
            color = Palette[prefixes.Count % Palette.Length];
            prefixes[script] = color;
        }

        var padded = script.PadRight(width);
        return context.Color ? $"\u001b[{color}m{padded} |\u001b[0m " : $"{padded} | ";
    }
}
