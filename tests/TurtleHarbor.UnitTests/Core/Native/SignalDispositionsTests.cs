using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class SignalDispositionsTests
{
    [Fact]
    public void Resetting_leaves_SIGCHLD_not_ignored_and_keeps_an_installed_handler()
    {
        var sigchld = SignalNumbers.ToNumber(Signal.Chld);
        var before = SignalDispositions.CurrentHandler(sigchld);

        SignalDispositions.ResetChildSignalToDefault();

        var after = SignalDispositions.CurrentHandler(sigchld);
        Assert.NotEqual(NativeFlags.SIG_IGN, after);
        Assert.Equal(before == NativeFlags.SIG_IGN ? NativeFlags.SIG_DFL : before, after);
    }

    [Fact]
    public void SIGPIPE_reads_as_ignored_because_dotnet_ignores_it()
    {
        Assert.Equal(NativeFlags.SIG_IGN, SignalDispositions.CurrentHandler(SignalNumbers.ToNumber(Signal.Pipe)));
    }
}
