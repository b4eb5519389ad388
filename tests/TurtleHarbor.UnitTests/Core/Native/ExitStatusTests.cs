using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class ExitStatusTests
{
    [Fact]
    public void Exit_codes_are_decoded_from_bits_8_to_15()
    {
        Assert.Equal(new ExitStatus(3, null), ExitStatus.FromWaitStatus(3 << 8));
        Assert.Equal(new ExitStatus(255, null), ExitStatus.FromWaitStatus(255 << 8));
        Assert.True(ExitStatus.FromWaitStatus(0).Success);
    }

    [Fact]
    public void Signal_deaths_are_decoded_from_the_low_7_bits_even_with_a_core_dump()
    {
        Assert.Equal(new ExitStatus(null, 15), ExitStatus.FromWaitStatus(15));
        Assert.Equal(new ExitStatus(null, 11), ExitStatus.FromWaitStatus(11 | 0x80));
        Assert.False(ExitStatus.FromWaitStatus(15).Success);
    }

    [Fact]
    public void Describe_reads_well_for_codes_signals_and_lost_statuses()
    {
        var term = SignalNumbers.ToNumber(Signal.Term);

        Assert.Equal("exit code 3", new ExitStatus(3, null).Describe());
        Assert.Equal($"signal TERM ({term})", new ExitStatus(null, term).Describe());
        Assert.Equal("signal 64", new ExitStatus(null, 64).Describe());
        Assert.Equal("unknown (already reaped)", ExitStatus.Unknown.Describe());
        Assert.False(ExitStatus.Unknown.Success);
    }
}
