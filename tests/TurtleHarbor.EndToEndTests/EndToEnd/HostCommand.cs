using System.Diagnostics;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Runs a system command a test needs as root (mount, umount, dd) and fails the test when it fails.</summary>
public static class HostCommand
{
    public static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
    }
}
