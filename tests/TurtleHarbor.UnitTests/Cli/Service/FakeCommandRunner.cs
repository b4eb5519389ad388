using TurtleHarbor.Cli.Service;

namespace TurtleHarbor.Tests.Cli.Service;

/// <summary>
/// Stands in for launchctl and systemctl: records every call and keeps a "loaded" flag the way the
/// real managers would, so install, uninstall and status can be checked without touching the host.
/// </summary>
internal sealed class FakeCommandRunner : ICommandRunner
{
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls => _calls;

    public bool Loaded { get; set; }

    public Task<ExternalCommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var call = $"{program} {string.Join(' ', arguments)}";
        _calls.Add(call);
        var verb = arguments.FirstOrDefault(a => a != "--user") ?? "";
        var exit = verb switch
        {
            "print" or "is-enabled" or "is-active" => Loaded ? 0 : 1,
            "bootstrap" or "kickstart" => Set(true),
            "enable" when arguments.Contains("--now") => Set(true),
            "bootout" => Loaded ? Set(false) : 3,
            "disable" => Set(false),
            _ => 0,
        };
        return Task.FromResult(new ExternalCommandResult(exit, "", exit == 0 ? "" : "not loaded"));
    }

    public void Clear() => _calls.Clear();

    private int Set(bool loaded)
    {
        Loaded = loaded;
        return 0;
    }
}
