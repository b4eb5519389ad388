using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Ipc.Server;

internal sealed partial class IpcConnection
{
    /// <summary>Answers one request frame; false when the connection should end.</summary>
    private async Task<bool> ServeOneAsync(byte[] frame, CancellationToken cancellationToken)
    {
        var responses = _responses!;
        Request request;
        try
        {
            request = FrameCodec.DecodeRequest(frame);
        }
        catch (ProtocolException ex)
        {
            // A newer client's new message type is a version problem, and saying so helps more than "unknown type".
            var error = FrameCodec.PeekProtocol(frame) is { } peer and > ProtocolVersion.Current
                ? TooNew(peer)
                : ErrorResponses.From(ex);
            logger.UnreadableRequest(error.Message);
            return await responses.TryWriteAsync(error, cancellationToken);
        }

        if (request.Protocol > ProtocolVersion.Current)
        {
            return await responses.TryWriteAsync(TooNew(request.Protocol), cancellationToken);
        }

        // The receipt goes out before the request reaches the handler, and the handler runs only when it went out:
        // a client that lost the connection without a receipt may ask again, since nothing was done.
        if (request.Receipt && !await responses.TryWriteAsync(new ReceivedResponse(), cancellationToken))
        {
            return false;
        }

        using var handling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _clientGone.Token);
        var before = responses.Written;
        try
        {
            await handler.HandleAsync(request, responses, handling.Token);
        }
        catch (OperationCanceledException) when (handling.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception) when (responses.IsBroken)
        {
            return false;
        }
        catch (ThException ex)
        {
            return await responses.TryWriteAsync(ErrorResponses.From(ex), cancellationToken);
        }
        catch (Exception ex)
        {
            logger.HandlerFailed(ex, request.GetType().Name);
            return await responses.TryWriteAsync(ErrorResponses.Internal(ex), cancellationToken);
        }

        if (responses.Written == before)
        {
            // A client waiting for an answer that never comes would hang: answer for the handler.
            logger.NoAnswer(request.GetType().Name);
            return await responses.TryWriteAsync(
                ErrorResponses.Internal(new InvalidOperationException($"the daemon had no answer to {request.GetType().Name}")),
                cancellationToken);
        }

        return !responses.IsBroken;
    }

    private static ErrorResponse TooNew(int clientProtocol) => ErrorResponses.Protocol(
        $"client speaks protocol {clientProtocol}, daemon {ProtocolVersion.Current}",
        "the daemon is older than this th: run 'th daemon stop', then run the command again to start a new one");
}
