using TurtleHarbor.Ipc.Protocol;
using TurtleHarbor.Ipc.Server;

namespace TurtleHarbor.Tests.Ipc.Server;

internal sealed class FakeHandler(Func<Request, IResponseWriter, CancellationToken, Task> handle) : IRequestHandler
{
    /// <summary>Answers every ping with a pong whose pid counts the requests seen.</summary>
    public static FakeHandler Pong()
    {
        var count = 0;
        return new FakeHandler(async (request, responses, ct) =>
            await responses.WriteAsync(new PongResponse("test", Interlocked.Increment(ref count)), ct));
    }

    public Task HandleAsync(Request request, IResponseWriter responses, CancellationToken cancellationToken) =>
        handle(request, responses, cancellationToken);
}
