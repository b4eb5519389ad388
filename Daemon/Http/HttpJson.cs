using System.Text.Json;

namespace TurtleHarbor.Daemon.Http;

/// <summary>The endpoint's own small JSON bodies, written field by field (no reflection under Native AOT).</summary>
internal static class HttpJson
{
    /// <summary><c>{"error": MESSAGE}</c>, plus <c>"configs": [...]</c> when a name is in several configs.</summary>
    public static byte[] Error(string message, IReadOnlyList<string>? configs = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            if (configs is not null)
            {
                json.WriteStartArray("configs");
                foreach (var config in configs)
                {
                    json.WriteStringValue(config);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
