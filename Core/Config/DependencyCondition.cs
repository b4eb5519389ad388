using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Config;

/// <summary>
/// When a <c>depends_on</c> entry lets its dependent start (the compose spec's <c>condition</c>:
/// <c>service_started</c>, <c>service_healthy</c>, <c>service_completed_successfully</c>; th also
/// takes the words without the <c>service_</c> prefix).
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<DependencyCondition>))]
internal enum DependencyCondition
{
    /// <summary>The dependency's run has started (ps: running).</summary>
    Started,

    /// <summary>The dependency runs and its healthcheck says healthy.</summary>
    Healthy,

    /// <summary>The dependency's last run exited 0 (a one-shot script such as a migration).</summary>
    CompletedSuccessfully,
}
