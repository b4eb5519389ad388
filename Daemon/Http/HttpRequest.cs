namespace TurtleHarbor.Daemon.Http;

/// <summary>What the endpoint reads of a request: its method, its path (percent-decoded) and its query string (raw, without '?').</summary>
internal sealed record HttpRequest(string Method, string Path, string Query);
