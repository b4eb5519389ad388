using System.Text.Json;

namespace TurtleHarbor.Ipc.Framing;

/// <summary>The top-level "type" and "protocol" of a message, read leniently for error messages.</summary>
internal readonly record struct MessagePeek(bool IsJsonObject, string? Type, int? Protocol)
{
    public static MessagePeek Read(ReadOnlySpan<byte> payload)
    {
        string? type = null;
        int? protocol = null;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isProtocol = reader.ValueTextEquals("protocol"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else if (isProtocol && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var p))
                {
                    protocol = p;
                }

                reader.Skip();
            }

            // Reaching here means the object was well-formed up to its end.
            return new MessagePeek(true, type, protocol);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: GetString on a "type" that is not valid UTF-8.
            // Broken JSON after the first property: still report what was seen.
            return new MessagePeek(type is not null || protocol is not null, type, protocol);
        }
    }
}
