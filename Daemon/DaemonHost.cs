using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Daemon.Http;
using TurtleHarbor.Ipc.Server;
using TurtleHarbor.Logging;
using TurtleHarbor.Logging.Loki;

namespace TurtleHarbor.Daemon;

/// <summary>
/// <c>th daemon --foreground</c>: takes the home's lock, starts the core loop and the socket,
/// and turns SIGTERM/SIGINT into a shutdown (a second signal kills the groups at once).
/// </summary>
/// <param name="http">Where to serve <c>/health</c> and <c>/metrics</c>; null: no HTTP endpoint.</param>
internal sealed class DaemonHost(ThPaths paths, string version, DaemonLogOptions logOptions, HttpBinding? http = null)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        paths.EnsureSocketPathFits();
        CreatePrivateDirectory(paths.Home);
        using var daemonLock = DaemonLock.Acquire(paths);
        CreatePrivateDirectory(paths.LogDir);

        var time = TimeProvider.System;
        var lokiSink = new LokiDaemonLogSink(time);
        using var loggers = LoggingSetup.CreateDaemonLoggerFactory(paths.DaemonLog, logOptions.Console, logOptions.FileLevel, logOptions.ConsoleLevel, lokiSink);
        var log = loggers.CreateLogger("th.daemon");
        var loki = new LokiShipping(lokiSink, time, loggers.CreateLogger(LokiDaemonLogSink.OwnCategory));
        // Bound before the core exists: a port in use stops the start before any script runs (or any state is adopted).
        await using var httpServer = ListenHttp(loggers);
        AdoptZeroXState(time, log);
        var core = new DaemonCore(paths, new StateStore(paths.StateFile, time), time, log, ProcessEnvironment.Snapshot(), new NativeProcessHost(), loki);
        await using (core)
        {
            var signals = 0;
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                core.Post(new ShutdownRequested(Force: Interlocked.Increment(ref signals) > 1));
            }

            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

            await core.RecoverAsync(cancellationToken);
            using var dispatcher = new IdleTrim(new RequestDispatcher(core, paths, version, () => core.Post(new ShutdownRequested(Force: false))), time);
            using var serverStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await using var server = new IpcServer(paths.Socket, dispatcher, loggers.CreateLogger("th.ipc"));
            var serving = server.RunAsync(serverStop.Token);
            httpServer?.Start(new HttpRoutes(async ct => (HealthQueryResult)await core.SendAsync(new HealthQueryCommand(), ct), time));
            log.DaemonStarted(Environment.ProcessId, version, paths.Home, paths.Socket);
            var memoryReports = MemoryReport.Interval(Environment.GetEnvironmentVariable) is { } interval
                ? MemoryReport.RunAsync(interval, time, log, serverStop.Token)
                : Task.CompletedTask;
            try
            {
                await core.RunAsync(cancellationToken);
            }
            finally
            {
                serverStop.Cancel();
                if (httpServer is not null)
                {
                    await httpServer.DisposeAsync();
                }

                await IgnoreCancellationAsync(serving);
                await memoryReports;
                log.DaemonStopped(Math.Round((time.GetUtcNow() - core.StartedAt).TotalSeconds, 1));
            }
        }

        return 0;
    }

    /// <summary>
    /// Linux, default home only: a home chosen with TURTLE_HARBOR_HOME is a separate instance (tests, experiments)
    /// and must not take the user's 0.x state away from them.
    /// </summary>
    private void AdoptZeroXState(TimeProvider time, ILogger log)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("TURTLE_HARBOR_HOME") is { Length: > 0 }
            || ZeroXStateFallback.LinuxPath(Environment.GetEnvironmentVariable) is not { } zeroX)
        {
            return;
        }

        try
        {
            if (ZeroXStateFallback.Adopt(paths.StateFile, zeroX, time) is { } adopted)
            {
                log.ZeroXStateAdopted(adopted.From, adopted.KeptAs);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.ZeroXStateNotAdopted(zeroX, TurtleHarbor.Core.Errors.SystemErrorText.Of(e));
        }
    }

    private HttpServer? ListenHttp(ILoggerFactory loggers)
    {
        if (http is null)
        {
            return null;
        }

        var log = loggers.CreateLogger("th.http");
        try
        {
            return HttpServer.Listen(http, log);
        }
        catch (HttpBindException e)
        {
            // A detached daemon's stderr is /dev/null: daemon.log is where its starter points the user.
            log.HttpBindFailed(e.Message);
            throw;
        }
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // The server ends by cancellation; that is its normal way out.
        }
    }

    private static void CreatePrivateDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ThIoException($"cannot create the daemon's home {path}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(e)}", "set TURTLE_HARBOR_HOME to a directory you can write", e);
        }
    }
}
