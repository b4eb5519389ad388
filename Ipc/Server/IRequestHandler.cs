using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Server;

/// <summary>
/// What the daemon does with a request. It answers through <paramref name="responses"/> (one response,
/// or a stream for <c>logs -f</c>); the token is cancelled when the client goes away or the server stops.
/// A <see cref="Core.Errors.ThException"/> it throws reaches the client as an <see cref="ErrorResponse"/>.
/// </summary>
internal interface IRequestHandler
{
    Task HandleAsync(Request request, IResponseWriter responses, CancellationToken cancellationToken);
}
