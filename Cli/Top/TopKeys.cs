namespace TurtleHarbor.Cli.Top;

/// <summary>
/// The keys of <c>th top</c>, decoded from what a raw terminal sends: arrows (ESC [ A or, in application
/// mode, ESC O A) or j/k (vi, less) to select, Page Up/Down, Home/End, r, s, l or Enter, and q, Esc,
/// Ctrl-C or Ctrl-D to go back or quit.
/// </summary>
internal static class TopKeys
{
    private const byte Esc = 0x1b;

    /// <summary>The actions in one read from the terminal; a read that is ESC alone is the Esc key.</summary>
    public static IReadOnlyList<TopAction> Decode(ReadOnlySpan<byte> input)
    {
        var actions = new List<TopAction>();
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != Esc)
            {
                actions.Add(Key(input[i]));
                continue;
            }

            if (i + 1 >= input.Length || input[i + 1] is not ((byte)'[' or (byte)'O'))
            {
                actions.Add(TopAction.Quit);
                continue;
            }

            // CSI or SS3: parameters (digits, ';') then one final byte.
            var end = i + 2;
            while (end < input.Length && (char.IsAsciiDigit((char)input[end]) || input[end] == (byte)';'))
            {
                end++;
            }

            if (end >= input.Length)
            {
                break;
            }

            actions.Add(Sequence(input[(i + 2)..end], input[end]));
            i = end;
        }

        return actions;
    }

    private static TopAction Sequence(ReadOnlySpan<byte> parameters, byte final) => (char)final switch
    {
        'A' => TopAction.Up,
        'B' => TopAction.Down,
        'H' => TopAction.First,
        'F' => TopAction.Last,
        '~' when parameters.SequenceEqual("5"u8) => TopAction.PageUp,
        '~' when parameters.SequenceEqual("6"u8) => TopAction.PageDown,
        '~' when parameters.SequenceEqual("1"u8) || parameters.SequenceEqual("7"u8) => TopAction.First,
        '~' when parameters.SequenceEqual("4"u8) || parameters.SequenceEqual("8"u8) => TopAction.Last,
        _ => TopAction.None,
    };

    private static TopAction Key(byte key) => (char)key switch
    {
        'k' or '\u0010' => TopAction.Up,
        'j' or '\u000e' => TopAction.Down,
        'g' => TopAction.First,
        'G' => TopAction.Last,
        'r' or 'R' => TopAction.Restart,
        's' or 'S' => TopAction.StopOrStart,
        'l' or 'L' or '\r' or '\n' => TopAction.Logs,
        'q' or 'Q' or '\u0003' or '\u0004' => TopAction.Quit,
        '\u000c' => TopAction.Redraw,
        _ => TopAction.None,
    };
}
