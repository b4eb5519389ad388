namespace TurtleHarbor.Core.Native;

/// <summary>
/// Maps <see cref="Signal"/> to the host's signal numbers. Linux numbers are the generic ones
/// (x64 and arm64 agree, see signal(7)); macOS numbers come from &lt;sys/signal.h&gt;.
/// </summary>
internal static class SignalNumbers
{
    public static int ToNumber(Signal signal) => OperatingSystem.IsMacOS() ? MacOS(signal) : Linux(signal);

    public static Signal? FromNumber(int number)
    {
        foreach (var signal in Enum.GetValues<Signal>())
        {
            if (ToNumber(signal) == number)
            {
                return signal;
            }
        }

        return null;
    }

    private static int Linux(Signal signal) => signal switch
    {
        Signal.Hup => 1,
        Signal.Int => 2,
        Signal.Quit => 3,
        Signal.Ill => 4,
        Signal.Trap => 5,
        Signal.Abrt => 6,
        Signal.Bus => 7,
        Signal.Fpe => 8,
        Signal.Kill => 9,
        Signal.Usr1 => 10,
        Signal.Segv => 11,
        Signal.Usr2 => 12,
        Signal.Pipe => 13,
        Signal.Alrm => 14,
        Signal.Term => 15,
        Signal.Chld => 17,
        Signal.Cont => 18,
        Signal.Stop => 19,
        Signal.Tstp => 20,
        Signal.Ttin => 21,
        Signal.Ttou => 22,
        Signal.Urg => 23,
        Signal.Xcpu => 24,
        Signal.Xfsz => 25,
        Signal.Vtalrm => 26,
        Signal.Prof => 27,
        Signal.Winch => 28,
        Signal.Io => 29,
        Signal.Sys => 31,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, null),
    };

    private static int MacOS(Signal signal) => signal switch
    {
        Signal.Hup => 1,
        Signal.Int => 2,
        Signal.Quit => 3,
        Signal.Ill => 4,
        Signal.Trap => 5,
        Signal.Abrt => 6,
        Signal.Fpe => 8,
        Signal.Kill => 9,
        Signal.Bus => 10,
        Signal.Segv => 11,
        Signal.Sys => 12,
        Signal.Pipe => 13,
        Signal.Alrm => 14,
        Signal.Term => 15,
        Signal.Urg => 16,
        Signal.Stop => 17,
        Signal.Tstp => 18,
        Signal.Cont => 19,
        Signal.Chld => 20,
        Signal.Ttin => 21,
        Signal.Ttou => 22,
        Signal.Io => 23,
        Signal.Xcpu => 24,
        Signal.Xfsz => 25,
        Signal.Vtalrm => 26,
        Signal.Prof => 27,
        Signal.Winch => 28,
        Signal.Usr1 => 30,
        Signal.Usr2 => 31,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, null),
    };
}
