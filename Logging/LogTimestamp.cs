using System.Globalization;

namespace TurtleHarbor.Logging;

/// <summary>
/// Formats a script log line's timestamp (<c>2026-02-09T12:00:00.123+01:00</c>) for one writer. The
/// date, time and offset only change once a second, so they are formatted once per second and each
/// line only writes its milliseconds: timestamp formatting was the largest cost of a chatty script.
/// </summary>
internal sealed class LogTimestamp(TimeProvider time)
{
    public const int Length = 29;

    // "yyyy-MM-ddTHH:mm:ss." then "fff" then "zzz": the millisecond digits sit at 20..22.
    private readonly byte[] _cached = new byte[Length];
    private long _cachedSecond = long.MinValue;

    public ReadOnlySpan<byte> Format(DateTimeOffset utc)
    {
        var second = utc.UtcTicks / TimeSpan.TicksPerSecond;
        if (second != _cachedSecond)
        {
            // The offset cannot change inside a second (zones move on whole minutes at least).
            var local = TimeZoneInfo.ConvertTime(utc, time.LocalTimeZone);
            local.TryFormat(_cached, out _, LogLineFormatter.TimestampFormat, CultureInfo.InvariantCulture);
            _cachedSecond = second;
        }

        var millisecond = (int)(utc.UtcTicks / TimeSpan.TicksPerMillisecond % 1000);
        _cached[20] = (byte)('0' + millisecond / 100);
        _cached[21] = (byte)('0' + millisecond / 10 % 10);
        _cached[22] = (byte)('0' + millisecond % 10);
        return _cached;
    }
}
