namespace TurtleHarbor.Cli.Top;

/// <summary>The keys of <c>th top</c>: arrows or j/k (vi, less) to select, r, s, l, and q, Esc or Ctrl-C to go back or quit.</summary>
internal static class TopKeys
{
    public static TopAction Map(ConsoleKeyInfo key)
    {
        if ((key.Modifiers & ConsoleModifiers.Control) != 0)
        {
            return key.Key switch
            {
                ConsoleKey.C or ConsoleKey.D => TopAction.Quit,
                ConsoleKey.L => TopAction.Redraw,
                ConsoleKey.N => TopAction.Down,
                ConsoleKey.P => TopAction.Up,
                _ => TopAction.None,
            };
        }

        switch (key.Key)
        {
            case ConsoleKey.UpArrow:
                return TopAction.Up;
            case ConsoleKey.DownArrow:
                return TopAction.Down;
            case ConsoleKey.PageUp:
                return TopAction.PageUp;
            case ConsoleKey.PageDown:
                return TopAction.PageDown;
            case ConsoleKey.Home:
                return TopAction.First;
            case ConsoleKey.End:
                return TopAction.Last;
            case ConsoleKey.Escape:
                return TopAction.Quit;
            case ConsoleKey.Enter:
                return TopAction.Logs;
        }

        // Ctrl-C arrives as the character ETX when the terminal hands it over as input.
        return key.KeyChar switch
        {
            'k' => TopAction.Up,
            'j' => TopAction.Down,
            'g' => TopAction.First,
            'G' => TopAction.Last,
            'r' or 'R' => TopAction.Restart,
            's' or 'S' => TopAction.StopOrStart,
            'l' or 'L' => TopAction.Logs,
            'q' or 'Q' or '\u0003' or '\u0004' => TopAction.Quit,
            _ => TopAction.None,
        };
    }
}
