namespace TurtleHarbor.Core.Supervision.Health;

/// <summary>One healthcheck's verdict and a few words on it for the <c>[th]</c> line ("HTTP 200", "connection refused", "exit code 1").</summary>
internal sealed record ProbeOutcome(bool Healthy, string Detail)
{
    public static ProbeOutcome Pass(string detail) => new(true, detail);

    public static ProbeOutcome Fail(string detail) => new(false, detail);
}
