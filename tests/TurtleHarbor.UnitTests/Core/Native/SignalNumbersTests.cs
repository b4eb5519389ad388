using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class SignalNumbersTests : IAsyncLifetime
{
    private readonly SpawnedChildren _children = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _children.DisposeAsync().AsTask();

    [Fact(Timeout = 30_000)]
    public async Task Every_signal_number_has_the_name_the_host_shell_gives_it()
    {
        // `kill -l NUMBER` prints the name in dash and bash alike (dash cannot map names to numbers).
        var signals = Enum.GetValues<Signal>();
        var numbers = string.Join(' ', signals.Select(SignalNumbers.ToNumber));

        var (stdout, stderr, status) = await _children.RunShellAsync($"for n in {numbers}; do kill -l $n; done");

        Assert.True(status.Success, stderr);
        var expected = signals.Select(SignalNames.ToName).ToArray();
        Assert.Equal(expected, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim().ToUpperInvariant()));
    }

    [Fact]
    public void FromNumber_inverts_ToNumber_and_rejects_unknown_numbers()
    {
        foreach (var signal in Enum.GetValues<Signal>())
        {
            Assert.Equal(signal, SignalNumbers.FromNumber(SignalNumbers.ToNumber(signal)));
        }

        Assert.Null(SignalNumbers.FromNumber(0));
        Assert.Null(SignalNumbers.FromNumber(64));
    }

    [Fact]
    public void Linux_and_macOS_differ_where_the_headers_say()
    {
        Assert.Equal(OperatingSystem.IsMacOS() ? 20 : 17, SignalNumbers.ToNumber(Signal.Chld));
        Assert.Equal(15, SignalNumbers.ToNumber(Signal.Term));
        Assert.Equal(9, SignalNumbers.ToNumber(Signal.Kill));
    }
}
