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

    // The wire is read only by th's own decoder, never embedded in HTML: the relaxed encoder writes '+', '<', '&'
    // and non-ASCII text as they are instead of as \uXXXX (every log line's timestamp has a '+'), and still escapes
    // quotes, backslashes and control characters. Ill-formed UTF-16 is replaced, as by the default encoder.
    private static readonly JsonWriterOptions WireOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ArrayBufferWriter<byte> _buffer = new(4096);
    private ArrayBufferWriter<byte> _body = new(4096);
    private Utf8JsonWriter? _json;

    public ValueTask WriteRequestAsync(Request request, CancellationToken cancellationToken) =>
        WriteAsync(request, cancellationToken);

    public ValueTask WriteResponseAsync(Response response, CancellationToken cancellationToken) =>
        WriteAsync(response, cancellationToken);

    /// <summary>The complete frame (header and body) of a request or response as it would go on the wire.</summary>
    public static byte[] Encode(object message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var body = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(body, WireOptions);
        Fill(buffer, body, json, message);
        return buffer.WrittenSpan.ToArray();
    }

    private async ValueTask WriteAsync(object message, CancellationToken cancellationToken)
    {
        _json ??= new Utf8JsonWriter(_body, WireOptions);
        Fill(_buffer, _body, _json, message);
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
                _body = new ArrayBufferWriter<byte>(4096);
                _json.Dispose();
                _json = null;
            }
        }
    }

    /// <summary>Header, then {"type":"...", followed by the message's own properties.</summary>
    private static void Fill(ArrayBufferWriter<byte> buffer, ArrayBufferWriter<byte> body, Utf8JsonWriter json, object message)
    {
        var (type, info) = MessageCatalog.Describe(message);
        body.ResetWrittenCount();
        json.Reset(body);
        JsonSerializer.Serialize(json, message, info);
        json.Flush();
        var properties = body.WrittenSpan[1..]; // after the object's '{'

        buffer.ResetWrittenCount();
        buffer.GetSpan(FrameCodec.HeaderBytes);
        buffer.Advance(FrameCodec.HeaderBytes);
        Append(buffer, "{\"type\":\""u8);
        // Catalog types are lower-case ASCII words: nothing in them needs escaping.
        buffer.Advance(System.Text.Encoding.ASCII.GetBytes(type, buffer.GetSpan(type.Length)));
        Append(buffer, "\""u8);

        if (properties[0] != (byte)'}')
        {
            Append(buffer, ","u8);
        }

        Append(buffer, properties);
        var length = buffer.WrittenCount - FrameCodec.HeaderBytes;
        if (length > ProtocolVersion.MaxFrameBytes)
        {
            throw new ProtocolException($"message of {length} bytes exceeds the frame limit of {ProtocolVersion.MaxFrameBytes}");
        }

        FrameCodec.WriteLength(MemoryMarshal.AsMemory(buffer.WrittenMemory).Span, length);
    }

    private static void Append(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.GetSpan(bytes.Length));
        buffer.Advance(bytes.Length);
    }
}
