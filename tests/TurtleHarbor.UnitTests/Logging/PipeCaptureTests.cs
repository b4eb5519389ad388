using System.Text;
using TurtleHarbor.Logging;
using TurtleHarbor.Tests.Support;

namespace TurtleHarbor.Tests.Logging;

/// <summary>
/// The daemon's capture thread (<see cref="PipeCapture"/>, Linux): many pipes on one thread, cancellation and
/// disposal keep what was read. The line-level behaviour is covered by the writer tests that run through it.
/// </summary>
public sealed class PipeCaptureTests : IDisposable
{
    private readonly LogTestFiles _files = new();
    private readonly PipeCapture? _capture = PipeCapture.TryStart();

    public void Dispose()
    {
        _capture?.Dispose();
        _files.Dispose();
    }

    private static string[] TextsOf(string path) =>
        File.ReadAllText(path).Split('\n')[..^1].Select(line => line[(line.IndexOf(' ') + 1)..]).ToArray();

    [LinuxFact(Timeout = 60_000)]
    public async Task Many_scripts_writing_at_once_each_get_all_their_lines_in_order()
    {
        const int scripts = 40;
        const int lines = 5_000;
        var writers = new List<ScriptLogWriter>();
        var pumps = new List<Task>();
        var producers = new List<Task>();
        for (int s = 0; s < scripts; s++)
        {
            var writer = new ScriptLogWriter(_files.PathOf($"s{s}.log"), new ScriptLogOptions(), TimeProvider.System, _capture);
            writers.Add(writer);
            var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
            pumps.Add(writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None));
            int script = s;
            producers.Add(Task.Run(async () =>
            {
                using (writeEnd)
                {
                    // Writes of random sizes, so lines are split across reads and pipes are ready at different times.
                    var random = new Random(script);
                    byte[] all = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, lines).Select(i => $"{script}:{i}\n")));
                    for (int offset = 0; offset < all.Length;)
                    {
                        int size = Math.Min(all.Length - offset, random.Next(1, 4000));
                        await writeEnd.WriteAsync(all.AsMemory(offset, size));
                        offset += size;
                    }
                }
            }));
        }
        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(50));
        await Task.WhenAll(pumps).WaitAsync(TimeSpan.FromSeconds(50));
        foreach (var writer in writers) await writer.DisposeAsync();

        for (int s = 0; s < scripts; s++)
        {
            Assert.Equal(Enumerable.Range(0, lines).Select(i => $"[stdout] {s}:{i}"), TextsOf(_files.PathOf($"s{s}.log")));
        }
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Cancelling_keeps_what_was_read_and_the_unfinished_line_and_throws()
    {
        string path = _files.PathOf("cancel.log");
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
        using (writeEnd)
        {
            await using (var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, _capture))
            {
                writer.AddListener(new FirstLine(seen));
                using var cancel = new CancellationTokenSource();
                var pump = writer.PumpAsync(readEnd, LogStream.Stdout, cancel.Token);
                await writeEnd.WriteAsync("whole\nunfinished"u8.ToArray());
                await seen.Task.WaitAsync(TimeSpan.FromSeconds(20));
                // The first line is in; the unfinished one was read with it (one write, one read).
                await cancel.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pump.WaitAsync(TimeSpan.FromSeconds(20)));
            }
        }

        Assert.Equal(["[stdout] whole", "[stdout] unfinished"], TextsOf(path));
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task Disposing_the_writer_ends_its_capture_quietly_while_the_script_still_holds_the_pipe()
    {
        string path = _files.PathOf("dispose.log");
        var (writeEnd, readEnd) = LogTestFiles.CreatePipe();
        using (writeEnd)
        {
            var writer = new ScriptLogWriter(path, new ScriptLogOptions(), TimeProvider.System, _capture);
            var pump = writer.PumpAsync(readEnd, LogStream.Stdout, CancellationToken.None);
            await writeEnd.WriteAsync("one\n"u8.ToArray());
            await writer.DisposeAsync();
            await pump.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(pump.IsCompletedSuccessfully);
        }
    }

    private sealed class FirstLine(TaskCompletionSource seen) : ILogLineListener
    {
        public void OnLine(ReadOnlySpan<byte> formattedLine) => seen.TrySetResult();
    }
}
