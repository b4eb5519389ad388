using System.IO.Compression;
using System.Text.Json;

namespace TurtleHarbor.Logging.Loki;

/// <summary>
/// Turns a batch into a gzip-compressed push body: entries grouped by label set (streams in order of first
/// appearance), each stream's lines sorted by time (stable, so equal times keep their capture order). The
/// JSON goes into a pooled buffer, then through gzip into a reused stream. Not thread-safe: one per pusher.
/// </summary>
internal sealed class LokiRequestBuilder : IDisposable
{
    private const int KeepCapacity = 1024 * 1024;

    private readonly PooledBufferWriter _json = new();
    private readonly Dictionary<LokiLabelSet, List<LokiPushValue>> _streams = [];
    private readonly List<LokiLabelSet> _order = [];
    private MemoryStream _compressed = new();

    /// <summary>The uncompressed JSON of the last build (for tests and diagnostics).</summary>
    public ReadOnlySpan<byte> LastJson => _json.WrittenSpan;

    /// <summary>Builds the body; the memory stays valid until the next call.</summary>
    public ReadOnlyMemory<byte> Build(IReadOnlyList<LokiEntry> batch)
    {
        _streams.Clear();
        _order.Clear();
        foreach (var entry in batch)
        {
            if (!_streams.TryGetValue(entry.Labels, out var values))
            {
                _streams[entry.Labels] = values = [];
                _order.Add(entry.Labels);
            }

            values.Add(new LokiPushValue(UnixNanos(entry.Time), entry.Line));
        }

        var streams = new LokiPushStream[_order.Count];
        for (var i = 0; i < streams.Length; i++)
        {
            var values = _streams[_order[i]];
            SortStable(values);
            streams[i] = new LokiPushStream(_order[i].Labels, values);
        }

        _json.Reset();
        using (var writer = new Utf8JsonWriter(_json))
        {
            JsonSerializer.Serialize(writer, new LokiPushRequest(streams), LokiJsonContext.Default.LokiPushRequest);
        }

        if (_compressed.Capacity > KeepCapacity)
        {
            _compressed = new MemoryStream();
        }

        _compressed.SetLength(0);
        using (var gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(_json.WrittenSpan);
        }

        return _compressed.GetBuffer().AsMemory(0, (int)_compressed.Length);
    }

    public static long UnixNanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public void Dispose()
    {
        _json.Dispose();
        _compressed.Dispose();
    }

    // Lines of one stream almost always arrive in order already: an insertion sort is linear then, and stable.
    private static void SortStable(List<LokiPushValue> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            var current = values[i];
            var j = i - 1;
            while (j >= 0 && values[j].UnixNanos > current.UnixNanos)
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = current;
        }
    }
}
