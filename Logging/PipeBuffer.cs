using System.Runtime.InteropServices;
using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Logging;

/// <summary>
/// One pump's view of its pipe's kernel buffer: grown to <see cref="PipeCapacity.LargeBytes"/> when a read finds
/// the default one full (the script was blocked on us), given back when reads turn short (the script went
/// quiet), so only scripts that flood right now hold the room. Fewer, larger reads are most of what makes a
/// flood cheap: each read that empties the pipe costs a wake-up of the pump. Not thread-safe: one per pump.
/// </summary>
internal struct PipeBuffer(SafeHandle? pipe)
{
    private bool _grown;
    private bool _unsupported = pipe is null;

    /// <summary>Adjusts the buffer after a read of <paramref name="read"/> bytes.</summary>
    public void After(int read)
    {
        if (_unsupported) return;
        if (!_grown && read >= PipeCapacity.DefaultBytes)
        {
            Resize(PipeCapacity.LargeBytes, grown: true);
        }
        else if (_grown && read < PipeCapacity.DefaultBytes / 16)
        {
            Resize(PipeCapacity.DefaultBytes, grown: false);
        }
    }

    private void Resize(int bytes, bool grown)
    {
        switch (PipeCapacity.TrySet(pipe!, bytes))
        {
            case PipeResize.Done:
                _grown = grown;
                break;
            case PipeResize.Unsupported:
                _unsupported = true;
                break;
            default:
                // Over the user's budget, or too full to shrink: stay as is and ask again on a later read.
                break;
        }
    }
}
