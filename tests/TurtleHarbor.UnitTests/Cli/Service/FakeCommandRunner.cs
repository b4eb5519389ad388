using TurtleHarbor.Cli.Service;

namespace TurtleHarbor.Tests.Cli.Service;

/// <summary>
/// Stands in for launchctl and systemctl: records every call and keeps a "loaded" flag the way the
/// real managers would, so install, uninstall and status can be checked without touching the host.
/// <see cref="Answer"/> scripts the next exit codes of one verb (launchd still unloading, refusing a
/// bootstrap); <see cref="NoUserBus"/> makes every <c>systemctl --user</c> fail as without a user session.
/// </summary>
internal sealed class FakeCommandRunner : ICommandRunner
{
    private readonly List<string> _calls = [];
    private readonly Dictionary<string, Queue<int>> _answers = [];

    public IReadOnlyList<string> Calls => _calls;

    public bool Loaded { get; set; }

    public bool NoUserBus { get; set; }

    /// <summary>The next calls of <paramref name="verb"/> exit with these codes, in turn, before the usual behaviour resumes.</summary>
    public void Answer(string verb, params int[] exitCodes)
    {
        if (!_answers.TryGetValue(verb, out var queue))
        {
            _answers[verb] = queue = new Queue<int>();
        }

        foreach (var code in exitCodes)
        {
            queue.Enqueue(code);
        }
    }

    public Task<ExternalCommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var call = $"{program} {string.Join(' ', arguments)}";
        _calls.Add(call);
        if (NoUserBus && program == "systemctl" && arguments.Contains("--user"))
        {
            return Task.FromResult(new ExternalCommandResult(1, "", "Failed to connect to bus: No medium found"));
        }

        var verb = arguments.FirstOrDefault(a => a != "--user") ?? "";
        if (_answers.TryGetValue(verb, out var scripted) && scripted.TryDequeue(out var answer))
        {
            if (answer == 0 && verb == "bootstrap")
            {
                Loaded = true;
            }

            return Task.FromResult(new ExternalCommandResult(answer, "", answer == 0 ? "" : Describe(verb, answer)));
        }

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

    // launchctl's own wording for the errno it exits with.
    private static string Describe(string verb, int code) => code switch
    {
        5 => $"{char.ToUpperInvariant(verb[0])}{verb[1..]} failed: 5: Input/output error",
        36 => $"{char.ToUpperInvariant(verb[0])}{verb[1..]} failed: 36: Operation now in progress",
        _ => $"{verb} failed: {code}",
    };

    private int Set(bool loaded)
    {
        Loaded = loaded;
        return 0;
    }
}
