using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli;

/// <summary>One request, one expected answer: connects (starting the daemon if allowed, once more if it died under the request: see DaemonConnector.SendAsync) and checks the answer's type.</summary>
internal static class ClientRequests
{
    public static async Task<TResponse> SendAsync<TResponse>(ClientContext context, Request request, CancellationToken cancellationToken)
        where TResponse : Response
    {
        return Expect<TResponse>(await DaemonConnector.SendAsync(context, request, cancellationToken));
    }

    public static TResponse Expect<TResponse>(Response response)
        where TResponse : Response =>
        response as TResponse ?? throw new ProtocolException(
            $"the daemon answered '{response.GetType().Name}' where '{typeof(TResponse).Name}' was expected",
            "the daemon may be of another version: 'th daemon stop' and run the command again");
}
