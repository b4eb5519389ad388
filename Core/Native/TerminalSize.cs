namespace TurtleHarbor.Core.Native;

/// <summary>A pseudo-terminal's window in character cells (struct winsize's ws_col and ws_row, sys/ioctl.h).</summary>
internal readonly record struct TerminalSize(ushort Columns, ushort Rows)
{
    /// <summary>What a script gets with <c>tty: true</c> and no <c>tty_size</c>.</summary>
    public static TerminalSize Default { get; } = new(120, 40);

    public override string ToString() => $"{Columns}x{Rows}";
}
