using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Server;

/// <summary>Sends responses to the client of the request being handled; throws once that client is gone.</summary>
internal interface IResponseWriter
{
    ValueTask WriteAsync(Response response, CancellationToken cancellationToken);
}
