using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Client;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Cli.Top;

/// <summary>
/// One run of the live view: the terminal goes into raw mode (<see cref="RawTerminal"/>) and the alternate
/// screen is entered at the start, both undone in a finally, so q, Ctrl-C (a key in raw mode), SIGINT, SIGTERM,
/// SIGHUP and an error all give the shell its screen and line editing back. Every second (and after each action)
/// the daemon is asked for the scripts over one connection; keys wake the loop at once, and the size is read
/// again at least every 50 ms, so a resize redraws at once. Actions and the log follow run in the background and report through <see cref="_message"/>.
/// </summary>
internal sealed partial class TopSession(ClientContext context, string? config, bool all)
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeyPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MessageShownFor = TimeSpan.FromSeconds(5);
    private const int MaxLogLines = 1000;

    private readonly string _title = all ? "all configs" : config ?? "";
    private readonly Lock _logLock = new();
    private readonly List<string> _logLines = [];
    private ImmutableArray<ScriptSnapshot> _scripts = [];
    private string? _selectedName;
    private int _selected;
    private volatile string? _message;
    private DateTime _messageUntil = DateTime.MaxValue;
    private volatile bool _dirty = true;
    private DateTime _nextRefresh = DateTime.MinValue;
    private IpcClient? _client;
    private string? _logsOf;
    private CancellationTokenSource? _follow;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }

        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminal = RawTerminal.Enter();
        var keys = Channel.CreateUnbounded<TopAction>(new UnboundedChannelOptions { SingleReader = true });
        StartKeyReader(terminal, keys.Writer);
        Write(TerminalScreen.Enter);
        try
        {
            await LoopAsync(keys.Reader, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // A signal or System.CommandLine's cancellation: leave like q.
        }
        finally
        {
            StopFollowing();
            Write(TerminalScreen.Leave);
            terminal.Dispose();
            if (_client is not null)
            {
                await _client.DisposeAsync();
            }
        }

        return 0;
    }

    /// <summary>Reads the terminal on a background thread (a read blocks until a key) and posts the actions; ends with the input.</summary>
    private static void StartKeyReader(RawTerminal terminal, ChannelWriter<TopAction> keys)
    {
        var thread = new Thread(() =>
        {
            var buffer = new byte[256];
            try
            {
                int count;
                while ((count = terminal.Read(buffer)) > 0)
                {
                    foreach (var action in TopKeys.Decode(buffer.AsSpan(0, count)))
                    {
                        keys.TryWrite(action);
                    }
                }
            }
            catch (NativeCallException)
            {
                // The terminal went away (EIO after a hangup): nothing more to read.
            }

            keys.TryComplete();
        })
        {
            IsBackground = true,
            Name = "th top keys",
        };
        thread.Start();
    }

    private async Task LoopAsync(ChannelReader<TopAction> keys, CancellationToken cancellationToken)
    {
        var size = (Width: 0, Height: 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (DateTime.UtcNow >= _nextRefresh)
            {
                await RefreshAsync(cancellationToken);
                _nextRefresh = DateTime.UtcNow + RefreshEvery;
            }

            while (keys.TryRead(out var action))
            {
                if (Handle(action, size.Height, cancellationToken))
                {
                    return;
                }

                _dirty = true;
            }

            var window = RawTerminal.WindowSize() ?? new TerminalSize(80, 24);
            var now = (Width: (int)window.Columns, Height: (int)window.Rows);
            var resized = now != size;
            size = now;
            if (_message is not null && DateTime.UtcNow >= _messageUntil)
            {
                _message = null;
                _dirty = true;
            }

            if (_dirty || resized)
            {
                _dirty = false;
                Draw(size.Width, size.Height, clearFirst: resized);
            }

            // Woken by a key at once, else by the poll interval (for resizes, the clock and the refresh).
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(KeyPoll);
            try
            {
                await keys.WaitToReadAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The interval passed without a key.
            }
        }
    }

    private void Draw(int width, int height, bool clearFirst)
    {
        ImmutableArray<string> logLines;
        lock (_logLock)
        {
            logLines = [.. _logLines];
        }

        var view = new TopView(_title, _scripts, _selected, DateTimeOffset.Now, _message, _logsOf, logLines);
        Write(TerminalScreen.Frame(TopRenderer.Render(view, width, height, context.Color, TimeZoneInfo.Local), clearFirst));
    }

    private void Write(string text)
    {
        context.Output.Write(text);
        context.Output.Flush();
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            _client ??= await DaemonConnector.TryConnectAsync(context, cancellationToken);
            if (_client is null)
            {
                _scripts = [];
                Say("the daemon is not running; 'th up' starts it with the scripts", sticky: true);
                return;
            }

            var response = ClientRequests.Expect<StatusResponse>(await _client.SendAsync(new StatusRequest(config, all), cancellationToken));
            _scripts = [.. response.Scripts];
            Reselect();
        }
        catch (Exception e) when (e is ThException or IOException or System.Net.Sockets.SocketException)
        {
            if (_client is not null)
            {
                await _client.DisposeAsync();
                _client = null;
            }

            Say(Core.Errors.SystemErrorText.Of(e), sticky: true);
        }

        _dirty = true;
    }

    /// <summary>Keeps the same script selected across refreshes (by name), or the nearest row when it is gone.</summary>
    private void Reselect()
    {
        var index = _selectedName is null ? -1 : _scripts.IndexOf(_scripts.FirstOrDefault(s => s.Name == _selectedName)!);
        _selected = index >= 0 ? index : Math.Clamp(_selected, 0, Math.Max(0, _scripts.Length - 1));
        _selectedName = _scripts.Length > 0 ? _scripts[_selected].Name : null;
    }

    private void Move(int to)
    {
        _selected = Math.Clamp(to, 0, Math.Max(0, _scripts.Length - 1));
        _selectedName = _scripts.Length > 0 ? _scripts[_selected].Name : null;
    }

    /// <summary>True when top should end.</summary>
    private bool Handle(TopAction action, int height, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, height - 4);
        switch (action)
        {
            case TopAction.Quit when _logsOf is not null:
                StopFollowing();
                return false;
            case TopAction.Quit:
                return true;
            case TopAction.Redraw:
                _nextRefresh = DateTime.MinValue;
                return false;
        }

        if (_logsOf is not null)
        {
            return false;
        }

        switch (action)
        {
            case TopAction.Up:
                Move(_selected - 1);
                break;
            case TopAction.Down:
                Move(_selected + 1);
                break;
            case TopAction.PageUp:
                Move(_selected - page);
                break;
            case TopAction.PageDown:
                Move(_selected + page);
                break;
            case TopAction.First:
                Move(0);
                break;
            case TopAction.Last:
                Move(_scripts.Length - 1);
                break;
            case TopAction.Restart when Selected() is { } row:
                _ = ActAsync(row, new RestartRequest(row.Config, [row.Name]), $"restarting {row.Name}…", cancellationToken);
                break;
            case TopAction.StopOrStart when Selected() is { } row:
                var up = row.Status is ScriptStatus.Stopped or ScriptStatus.Exited or ScriptStatus.Failed;
                Request request = up ? new UpRequest(row.Config, [row.Name]) : new DownRequest(row.Config, [row.Name]);
                _ = ActAsync(row, request, up ? $"starting {row.Name}…" : $"stopping {row.Name}…", cancellationToken);
                break;
            case TopAction.Logs when Selected() is { } row:
                Follow(row, Math.Max(10, height), cancellationToken);
                break;
        }

        return false;
    }

    private ScriptSnapshot? Selected() => _scripts.Length == 0 ? null : _scripts[Math.Clamp(_selected, 0, _scripts.Length - 1)];

    private void Say(string message, bool sticky = false)
    {
        _message = message;
        _messageUntil = sticky ? DateTime.MaxValue : DateTime.UtcNow + MessageShownFor;
        _dirty = true;
    }
}
