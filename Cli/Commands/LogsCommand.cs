using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Commands;

/// <summary>th logs: one script's lines as written, or every script's interleaved by time behind a coloured name column.</summary>
internal static class LogsCommand
{
    private static readonly string[] Palette = ["36", "33", "32", "35", "34", "91", "92", "93", "94", "95", "96"];

    public static async Task<int> RunAsync(ClientContext context, string config, string? name, int lines, bool follow, CancellationToken cancellationToken)
    {
        try
        {
            return await PrintAsync(context, config, name, lines, follow, cancellationToken);
        }
        catch (OperationCanceledException) when (follow && cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how a follow ends.
            return 0;
        }
    }

    private static async Task<int> PrintAsync(ClientContext context, string config, string? name, int lines, bool follow, CancellationToken cancellationToken)
    {
        await using var client = await DaemonConnector.TryConnectAsync(context, cancellationToken);
        var printer = new Printer(context, prefixed: name is null);
        if (client is null)
        {
            // No daemon: the files as it left them; reading never starts one (it would start every script wanted up).
            printer.Print(SavedFiles.LogTail(context.Paths, config, name, lines));
            if (follow)
            {
                context.Error.WriteLine("th: the daemon is not running, so no new lines will come; 'th up' starts the scripts");
            }

            return 0;
        }

        var tail = new List<LogLine>();
        var tailDone = false;
        await foreach (var response in client.StreamAsync(new LogsRequest(config, name, lines, follow), cancellationToken))
        {
            switch (response)
            {
                case LogChunkResponse chunk when tailDone:
                    printer.Print(chunk.Lines);
                    await context.Output.FlushAsync(cancellationToken);
                    break;
                case LogChunkResponse chunk:
                    // The tail is bounded (N lines a script): hold it so the name column is as wide as its widest name.
                    tail.AddRange(chunk.Lines);
                    break;
                case LogsResponse end:
                    foreach (var missing in end.Missing ?? [])
                    {
                        context.Error.WriteLine($"th: {missing.Script} has no log file at {Core.Paths.ShellQuote.Path(missing.Text)} (not written yet, or moved or deleted)");
                    }

                    printer.Print(tail);
                    tail.Clear();
                    await context.Output.FlushAsync(cancellationToken);
                    if (!end.Following)
                    {
                        return 0;
                    }

                    tailDone = true;
                    break;
                default:
                    ClientRequests.Expect<LogChunkResponse>(response);
                    break;
            }
        }

        return 0;
    }

    private sealed class Printer(ClientContext context, bool prefixed)
    {
        private readonly Dictionary<string, string> _colors = new(StringComparer.Ordinal);
        private int _width;

        public void Print(IReadOnlyList<LogLine> lines)
        {
            if (prefixed)
            {
                foreach (var line in lines)
                {
                    _width = Math.Max(_width, line.Script.Length);
                }
            }

            foreach (var line in lines)
            {
                if (prefixed)
                {
                    context.Output.Write(Prefix(line.Script));
                }

                context.Output.WriteLine(line.Text);
            }
        }

        private string Prefix(string script)
        {
            if (!_colors.TryGetValue(script, out var color))
            {
                color = Palette[_colors.Count % Palette.Length];
                _colors[script] = color;
            }

            var padded = script.PadRight(_width);
            return context.Color ? $"\u001b[{color}m{padded} |\u001b[0m " : $"{padded} | ";
        }
    }
}
