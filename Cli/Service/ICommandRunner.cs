namespace TurtleHarbor.Cli.Service;

/// <summary>Runs an external program (launchctl, systemctl) to completion; tests inject a fake so none ever runs.</summary>
internal interface ICommandRunner
{
    Task<ExternalCommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}
