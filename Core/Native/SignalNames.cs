namespace TurtleHarbor.Core.Native;

/// <summary>Signal names as users write them in scripts.yml (<c>TERM</c>, <c>SIGTERM</c>, <c>term</c>).</summary>
internal static class SignalNames
{
    public static bool TryParse(string text, out Signal signal)
    {
        var name = text.Trim().ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal))
        {
            name = name[3..];
        }

        (signal, var ok) = name switch
        {
            "HUP" => (Signal.Hup, true),
            "INT" => (Signal.Int, true),
            "QUIT" => (Signal.Quit, true),
            "KILL" => (Signal.Kill, true),
            "USR1" => (Signal.Usr1, true),
            "USR2" => (Signal.Usr2, true),
            "ALRM" => (Signal.Alrm, true),
            "TERM" => (Signal.Term, true),
            "WINCH" => (Signal.Winch, true),
            _ => (default, false),
        };
        return ok;
    }

    public static string ToName(Signal signal) => signal.ToString().ToUpperInvariant();
}
