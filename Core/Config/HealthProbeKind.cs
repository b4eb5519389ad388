namespace TurtleHarbor.Core.Config;

/// <summary>What a <c>healthcheck</c> asks (exactly one per script).</summary>
internal enum HealthProbeKind
{
    /// <summary><c>command:</c> a shell line in the script's context and env; exit 0 is healthy.</summary>
    Command,

    /// <summary><c>http:</c> a GET of the URL; a 2xx or 3xx answer is healthy.</summary>
    Http,

    /// <summary><c>tcp:</c> a connection to HOST:PORT is accepted.</summary>
    Tcp,

    /// <summary><c>log:</c> a line of the script's output matched the pattern (once per run, like process-compose's <c>ready_log_line</c>).</summary>
    Log,
}
