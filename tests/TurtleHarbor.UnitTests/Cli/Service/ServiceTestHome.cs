using TurtleHarbor.Cli;
using TurtleHarbor.Cli.Service;
using TurtleHarbor.Core.Paths;
using TurtleHarbor.Ipc.Client;

namespace TurtleHarbor.Tests.Cli.Service;

/// <summary>A temporary HOME (and th home inside it, where no daemon answers) for service tests.</summary>
internal sealed class ServiceTestHome : IDisposable
{
    public ServiceTestHome()
    {
        Root = Directory.CreateTempSubdirectory("th-svc-").FullName;
        Environment = new Dictionary<string, string>
        {
            ["HOME"] = Root,
            ["PATH"] = "/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin",
            ["TURTLE_HARBOR_HOME"] = System.IO.Path.Combine(Root, "h"),
        };
    }

    public string Root { get; }

    public Dictionary<string, string> Environment { get; }

    public StringWriter Output { get; } = new();

    public StringWriter Error { get; } = new();

    public FakeCommandRunner Runner { get; } = new();

    public ThPaths Paths => ThPaths.Resolve(Get);

    public ClientContext Context => new(Paths, Output, Error, Color: false, Autostart: false, "0.1.0+test");

    public ServiceSetup Setup(string executable = "/opt/homebrew/Cellar/th/1.2.3/bin/th") => ServiceSetup.Capture(Paths, executable, Get, 501);

    /// <summary>Every wait LaunchdService asked for; the waits themselves return at once.</summary>
    public List<TimeSpan> Delays { get; } = [];

    public LaunchdService Launchd() => new(Setup(), Runner, (delay, _) =>
    {
        Delays.Add(delay);
        return Task.CompletedTask;
    });

    public SystemdService Systemd() => new(Setup(), Runner);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string? Get(string name) => Environment.TryGetValue(name, out var value) ? value : null;
}
