namespace TurtleHarbor.Core.Config;

/// <summary>Basic auth for the Loki push endpoint.</summary>
internal sealed record LokiAuth(string Username, string Password)
{
    // Keep the password out of logs and test failure messages.
    public override string ToString() => $"LokiAuth {{ Username = {Username}, Password = *** }}";
}
