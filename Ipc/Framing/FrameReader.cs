using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Framing;

/// <summary>
/// Reads whole frames from a stream that may hand out any number of bytes per read. Not thread-safe.
/// With <paramref name="frameTimeout"/>, a frame whose first byte arrived must be complete within
/// that time (a peer that sends half a frame and stalls would otherwise hold the connection).
/// </summary>
internal sealed class FrameReader(Stream stream, TimeSpan? frameTimeout = null)
{
    private readonly byte[] _header = new byte[FrameCodec.HeaderBytes];

    /// <summary>
    /// The next frame's payload, or null when the stream ended cleanly between frames.
    /// Throws <see cref="ProtocolException"/> for a refused length or a stream that ends inside a frame.
    /// </summary>
    public async ValueTask<byte[]?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (await FillAsync(_header.AsMemory(0, 1), cancellationToken) == 0)
        {
            return null;
        }

        if (frameTimeout is not { } timeout)
        {
            return await ReadRestAsync(cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await ReadRestAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ProtocolException($"a frame was not completed within {timeout.TotalSeconds:0.###}s");
        }
    }

    /// <summary>The rest of a frame whose first header byte is already in.</summary>
    private async ValueTask<byte[]> ReadRestAsync(CancellationToken cancellationToken)
    {
        var got = 1 + await FillAsync(_header.AsMemory(1), cancellationToken);
        if (got < _header.Length)
        {
            throw new ProtocolException($"connection closed inside a frame header ({got} of {_header.Length} bytes)");
        }

        // Checked before the body is touched: a hostile length costs nothing.
        var length = FrameCodec.ReadLength(_header);
        var payload = length == 0 ? [] : new byte[length];
        got = await FillAsync(payload, cancellationToken);
        if (got < length)
        {
            throw new ProtocolException($"connection closed inside a frame ({got} of {length} bytes)");
        }

        return payload;
    }

    public async ValueTask<Request?> ReadRequestAsync(CancellationToken cancellationToken) =>
        await ReadFrameAsync(cancellationToken) is { } frame ? FrameCodec.DecodeRequest(frame) : null;

    public async ValueTask<Response?> ReadResponseAsync(CancellationToken cancellationToken) =>
        await ReadFrameAsync(cancellationToken) is { } frame ? FrameCodec.DecodeResponse(frame) : null;

    /// <summary>Reads until the buffer is full or the stream ends; returns how many bytes arrived.</summary>
    private async ValueTask<int> FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[total..], cancellationToken);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
