using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Framing;

/// <summary>
/// The wire format of CONTRACTS.md §4: a 4-byte little-endian length, then that many bytes of UTF-8 JSON.
/// Framing errors (bad length, truncation) and message errors (bad JSON, unknown type) are separate
/// steps, so a server can answer the second kind and close the connection only for the first.
/// </summary>
internal static class FrameCodec
{
    public const int HeaderBytes = 4;

    /// <summary>Reads and checks a frame header; refuses a length the peer must not send, before any body is read.</summary>
    public static int ReadLength(ReadOnlySpan<byte> header)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > ProtocolVersion.MaxFrameBytes)
        {
            throw new ProtocolException(
                $"refused a frame of {(uint)length} bytes (the limit is {ProtocolVersion.MaxFrameBytes})",
                "client and daemon may be different versions of th");
        }

        return length;
    }

    public static void WriteLength(Span<byte> header, int length) =>
        BinaryPrimitives.WriteInt32LittleEndian(header, length);

    public static Request DecodeRequest(ReadOnlySpan<byte> payload) =>
        Decode<Request>(payload, MessageCatalog.RequestInfo, "request");

    public static Response DecodeResponse(ReadOnlySpan<byte> payload) =>
        Decode<Response>(payload, MessageCatalog.ResponseInfo, "response");

    /// <summary>The top-level "protocol" number of a message we could not decode, so a newer peer gets told why.</summary>
    public static int? PeekProtocol(ReadOnlySpan<byte> payload) => MessagePeek.Read(payload).Protocol;

    /// <summary>Finds the message by its "type" first, then reads it with that type's generated metadata.</summary>
    private static T Decode<T>(ReadOnlySpan<byte> payload, Func<string, JsonTypeInfo?> infoFor, string kind)
        where T : class
    {
        var peek = MessagePeek.Read(payload);
        if (!peek.IsJsonObject)
        {
            throw new ProtocolException($"malformed {kind}: not a JSON object");
        }

        if (peek.Type is null)
        {
            throw new ProtocolException($"malformed {kind}: no \"type\" property");
        }

        var info = infoFor(peek.Type) ?? throw new ProtocolException($"unknown {kind} type '{peek.Type}'");
        try
        {
            return JsonSerializer.Deserialize(payload, info) as T
                ?? throw new ProtocolException($"the {kind} was JSON null");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            // STJ's own messages speak of JSON paths and CLR types; the type names the message instead.
            throw new ProtocolException($"malformed '{peek.Type}' {kind}: {ex.Message}", inner: ex);
        }
    }
}
