using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TurtleHarbor.Logging.Loki;

/// <summary>
/// Writes a <see cref="LokiPushValue"/> as a two-string array: the timestamp as a decimal string (Loki's
/// format; a JSON number would lose precision) and the line straight from its UTF-8 bytes, no string copy.
/// </summary>
internal sealed class LokiPushValueConverter : JsonConverter<LokiPushValue>
{
    public override LokiPushValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray || !reader.Read())
        {
            throw new JsonException("a Loki value is [\"nanoseconds\", \"line\"]");
        }

        var nanos = long.Parse(reader.GetString() ?? "", NumberStyles.None, CultureInfo.InvariantCulture);
        reader.Read();
        var line = System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? "");
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("a Loki value has exactly two elements");
        }

        return new LokiPushValue(nanos, line);
    }

    public override void Write(Utf8JsonWriter writer, LokiPushValue value, JsonSerializerOptions options)
    {
        Span<byte> digits = stackalloc byte[20];
        value.UnixNanos.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        writer.WriteStartArray();
        writer.WriteStringValue(digits[..length]);
        writer.WriteStringValue(value.Line);
        writer.WriteEndArray();
    }
}
