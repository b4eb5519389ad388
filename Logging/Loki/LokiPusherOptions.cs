namespace TurtleHarbor.Logging.Loki;

/// <summary>
/// Where and how one pusher sends. Kept local so Logging does not depend on the config records; the daemon
/// maps <c>settings.loki</c> onto it. Two configs whose options are equal share one pusher.
/// </summary>
/// <param name="Url">Base URL; pushes go to <c>{Url}/loki/api/v1/push</c>.</param>
/// <param name="MaxQueueLines">Waiting lines kept at most; past it (or <paramref name="MaxQueueBytes"/>) the oldest are dropped.</param>
/// <param name="MaxLineBytes">Longer lines are cut (Loki refuses a whole batch over its max_line_size, 256 KB by default).</param>
internal sealed record LokiPusherOptions(
    string Url,
    string? TenantId,
    string? Username,
    string? Password,
    int BatchSize = 100,
    TimeSpan FlushInterval = default,
    int MaxQueueLines = 10_000,
    long MaxQueueBytes = 8 * 1024 * 1024,
    int MaxLineBytes = 250 * 1024)
{
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(5);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A Retry-After longer than this is cut to it, so a confused server cannot park the pusher for a day.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan EffectiveFlushInterval => FlushInterval > TimeSpan.Zero ? FlushInterval : DefaultFlushInterval;

    public Uri PushUri => new(Url.TrimEnd('/') + "/loki/api/v1/push");

    // Keep the password out of logs and test failure messages.
    public override string ToString() =>
        $"LokiPusherOptions {{ Url = {Url}, TenantId = {TenantId}, Username = {Username}, BatchSize = {BatchSize}, FlushInterval = {EffectiveFlushInterval} }}";
}
