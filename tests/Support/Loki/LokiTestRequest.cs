namespace TurtleHarbor.Tests.Support;

/// <summary>A push the test server got: headers (lower-case names), the decoded JSON, its entries, and the answer it gave.</summary>
/// <param name="ShapeError">Why the request was not a well-formed push (it was answered 400), or null.</param>
public sealed record LokiTestRequest(IReadOnlyDictionary<string, string> Headers, string Json, IReadOnlyList<LokiTestEntry> Entries, int Status, DateTimeOffset ReceivedAt, string? ShapeError = null);
