namespace TurtleHarbor.Logging.Loki;

/// <summary>The body of <c>POST /loki/api/v1/push</c> (JSON form): <c>{"streams":[{"stream":{...},"values":[["ns","line"]]}]}</c>.</summary>
internal sealed record LokiPushRequest(IReadOnlyList<LokiPushStream> Streams);
