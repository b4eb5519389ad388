using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Framing;

/// <summary>
/// Writes each message as one frame in one write call, so a frame is never interleaved with another
/// writer's bytes at the OS level. Not thread-safe: the owner keeps a single writer per socket.
/// </summary>
internal sealed class FrameWriter(Stream stream)
{
    // A buffer that grew for one huge message is dropped afterwards rather than kept for the connection's life.
    private const int RetainedBufferBytes = 256 * 1024;

    private ArrayBufferWriter<byte> _buffer = new(4096);
    private Utf8JsonWriter? _json;

    public ValueTask WriteRequestAsync(Request request, CancellationToken cancellationToken) =>
        WriteAsync(request, IpcJsonContext.Default.Request, cancellationToken);

    public ValueTask WriteResponseAsync(Response response, CancellationToken cancellationToken) =>
        WriteAsync(response, IpcJsonContext.Default.Response, cancellationToken);

    /// <summary>The complete frame (header and body) as it would go on the wire.</summary>
    public static byte[] Encode<T>(T message, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        Fill(buffer, json, message, typeInfo);
        return buffer.WrittenSpan.ToArray();
    }

    private async ValueTask WriteAsync<T>(T message, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        _json ??= new Utf8JsonWriter(_buffer);
        Fill(_buffer, _json, message, typeInfo);
        try
        {
            await stream.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        finally
        {
            if (_buffer.Capacity > RetainedBufferBytes)
            {
                _buffer = new ArrayBufferWriter<byte>(4096);
                _json.Dispose();
                _json = null;
            }
        }
    }

    private static void Fill<T>(ArrayBufferWriter<byte> buffer, Utf8JsonWriter json, T message, JsonTypeInfo<T> typeInfo)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        buffer.GetSpan(FrameCodec.HeaderBytes);
        buffer.Advance(FrameCodec.HeaderBytes);
        JsonSerializer.Serialize(json, message, typeInfo);
        json.Flush();

        var length = buffer.WrittenCount - FrameCodec.HeaderBytes;
        if (length > ProtocolVersion.MaxFrameBytes)
        {
            throw new ProtocolException($"message of {length} bytes exceeds the frame limit of {ProtocolVersion.MaxFrameBytes}");
        }

        FrameCodec.WriteLength(MemoryMarshal.AsMemory(buffer.WrittenMemory).Span, length);
    }
}
