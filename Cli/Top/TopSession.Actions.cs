using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Top;

/// <summary>What r, s and l do: requests on a connection of their own, so the table keeps refreshing meanwhile.</summary>
internal sealed partial class TopSession
{
    private async Task ActAsync(ScriptSnapshot row, Request request, string pending, CancellationToken cancellationToken)
    {
        Say(pending, sticky: true);
        try
        {
            var response = await ClientRequests.SendAsync<OutcomesResponse>(context, request, cancellationToken);
            var outcome = response.Outcomes.FirstOrDefault(o => o.Name == row.Name);
            Say(outcome is null ? $"{row.Name}: done"
                : outcome.Error is { } error ? $"{row.Name}: {error}"
                : $"{row.Name}: {outcome.Outcome.Describe()}");
        }
        catch (OperationCanceledException)
        {
            // Leaving top.
        }
        catch (Exception e) when (e is ThException or IOException or System.Net.Sockets.SocketException)
        {
            Say($"{row.Name}: {SystemErrorText.Of(e)}");
        }

        _nextRefresh = DateTime.MinValue;
    }

    private void Follow(ScriptSnapshot row, int lines, CancellationToken cancellationToken)
    {
        StopFollowing();
        lock (_logLock)
        {
            _logLines.Clear();
        }

        _logsOf = row.Name;
        _follow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = FollowAsync(row, lines, _follow.Token);
    }

    private void StopFollowing()
    {
        _follow?.Cancel();
        _follow?.Dispose();
        _follow = null;
        _logsOf = null;
        _dirty = true;
    }

    private async Task FollowAsync(ScriptSnapshot row, int lines, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await DaemonConnector.TryConnectAsync(context, cancellationToken);
            if (client is null)
            {
                Say("the daemon is not running");
                return;
            }

            await foreach (var response in client.StreamAsync(new LogsRequest(row.Config, row.Name, lines, Follow: true), cancellationToken))
            {
                switch (response)
                {
                    case LogChunkResponse chunk:
                        lock (_logLock)
                        {
                            _logLines.AddRange(chunk.Lines.Select(l => l.Text));
                            if (_logLines.Count > MaxLogLines)
                            {
                                _logLines.RemoveRange(0, _logLines.Count - MaxLogLines);
                            }
                        }

                        _dirty = true;
                        break;
                    case LogsResponse { Missing: { Count: > 0 } }:
                        Say($"{row.Name} has no log file yet");
                        break;
                    case LogsResponse { Following: false }:
                        return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Back to the table, or leaving top.
        }
        catch (Exception e) when (e is ThException or IOException or System.Net.Sockets.SocketException)
        {
            Say($"{row.Name}: {SystemErrorText.Of(e)}");
        }
    }
}
