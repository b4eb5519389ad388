namespace TurtleHarbor.Core.Native;

/// <summary>Signal names as users write them in scripts.yml (<c>TERM</c>, <c>SIGTERM</c>, <c>term</c>).</summary>
internal static class SignalNames
{
    /// <summary>The names <see cref="TryParse"/> accepts, for messages.</summary>
    public const string Sendable = "TERM, INT, HUP, QUIT, KILL, USR1, USR2, ALRM, WINCH";

    /// <summary>
    /// As <see cref="TryParse"/>, and also the host's number of one of those signals (<c>1</c> for
    /// HUP, <c>15</c> for TERM: kill(1)'s numbers, which differ between Linux and macOS for some).
    /// </summary>
    public static bool TryParseNameOrNumber(string text, out Signal signal)
    {
        if (int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            signal = default;
            return SignalNumbers.FromNumber(number) is { } numbered && TryParse(ToName(numbered), out signal);
        }

        return TryParse(text, out signal);
    }

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
