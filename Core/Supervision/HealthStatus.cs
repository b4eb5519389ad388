using System.Text.Json.Serialization;
using TurtleHarbor.Core.Serialization;

namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// A script's readiness as its <c>healthcheck</c> probe last judged it (compose's health states):
/// <see cref="Starting"/> until the first success or until <c>retries</c> consecutive failures after
/// <c>start_period</c>; shown by <c>th ps</c> as <c>running (healthy)</c> and by <c>ps --json</c> as <c>health</c>.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<HealthStatus>))]
internal enum HealthStatus
{
    Starting,
    Healthy,
    Unhealthy,
}
