using System.Text;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class PseudoTerminalTests : IAsyncLifetime
{
    private readonly SpawnedChildren _children = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _children.DisposeAsync().AsTask();

    private static async Task<string> ReadAllAsync(Stream terminal)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await terminal.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30))) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_child_on_a_terminal_sees_a_tty_of_the_asked_size_on_all_three_streams_and_output_ends_with_it()
    {
        var process = _children.Start(new SpawnRequest(
            "/bin/sh",
            SpawnedChildren.Args("sh", "-c", "for fd in 0 1 2; do [ -t $fd ] && echo tty$fd; done; stty size; echo err >&2"),
            "/",
            new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
            SpawnStdio.Terminal,
            NewSession: false) { TerminalSize = new TerminalSize(100, 30) });

        Assert.Null(process.Stdout);
        var output = await ReadAllAsync(process.Terminal!);

        Assert.Equal("tty0\r\ntty1\r\ntty2\r\n30 100\r\nerr\r\n", output);
        Assert.True((await _children.ExitAsync(process)).Success);
    }
}
