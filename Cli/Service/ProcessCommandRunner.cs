using System.ComponentModel;
using System.Diagnostics;

namespace TurtleHarbor.Cli.Service;

/// <summary>
/// Runs programs with System.Diagnostics.Process. Client side only: the daemon never uses Process
/// (its children are process-group leaders spawned by ProcessSpawner).
/// </summary>
internal sealed class ProcessCommandRunner : ICommandRunner
{
    public async Task<ExternalCommandResult> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"{program} did not start");
        }
        catch (Win32Exception e)
        {
            // Same code a shell uses for "command not found"; the caller turns it into a message.
            return new ExternalCommandResult(127, "", $"cannot run {program}: {TurtleHarbor.Core.Errors.SystemErrorText.Of(e)}");
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return new ExternalCommandResult(process.ExitCode, await output, await error);
        }
    }
}
