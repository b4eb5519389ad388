using System.Text.Json.Serialization;

namespace TurtleHarbor.Logging.Loki;

/// <summary>One line of a stream, written as Loki's pair <c>["unix-nanoseconds", "line"]</c>.</summary>
[JsonConverter(typeof(LokiPushValueConverter))]
internal readonly record struct LokiPushValue(long UnixNanos, byte[] Line);
