using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Cli.Service;

/// <summary><c>--replace-old</c>: runs <see cref="OldService.Steps"/> in order, saying each one; 0.x's logs are left where they are.</summary>
internal static class OldServiceRetirement
{
    /// <exception cref="ScriptOperationException">a step that must succeed failed; the steps after it did not run.</exception>
    /// <exception cref="ThIoException">the definition file could not be removed.</exception>
    public static async Task RetireAsync(OldService old, ICommandRunner runner, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var step in old.Steps)
        {
            if (step.RemoveFile is { } file)
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ThIoException($"cannot remove turtle-harbor 0.x's service definition {file}: {SystemErrorText.Of(e)}", inner: e);
                }

                output.WriteLine($"retired 0.x: {step.Shown}");
                continue;
            }

            var result = await runner.RunAsync(step.Program!, step.Arguments!, cancellationToken);
            if (!result.Succeeded && !step.MayFail)
            {
                throw new ScriptOperationException(
                    $"retiring turtle-harbor 0.x's service: '{step.Shown}' failed ({result.Describe()})",
                    "run the remaining steps by hand: " + string.Join("; ", old.RemoveCommands));
            }

            output.WriteLine(result.Succeeded ? $"retired 0.x: {step.Shown}" : $"retired 0.x: {step.Shown} (nothing to stop: {result.Describe()})");
        }
    }
}
