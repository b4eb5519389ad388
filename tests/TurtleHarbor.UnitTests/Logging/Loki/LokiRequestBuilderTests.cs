using System.IO.Compression;
using System.Text;
using TurtleHarbor.Logging.Loki;

namespace TurtleHarbor.Tests.Logging.Loki;

public sealed class LokiRequestBuilderTests
{
    private static readonly DateTimeOffset T = new(2026, 2, 9, 11, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Builds_the_push_json_with_one_stream_per_label_set_and_string_timestamps()
    {
        var web = LokiLabelSet.Create([new("stream", "stdout"), new("job", "turtle-harbor"), new("script", "web")]);
        var webAgain = LokiLabelSet.Create([new("job", "turtle-harbor"), new("script", "web"), new("stream", "stdout")]);
        var err = LokiLabelSet.Create([new("job", "turtle-harbor"), new("script", "web"), new("stream", "stderr")]);
        using var builder = new LokiRequestBuilder();

        var body = builder.Build(
        [
            new LokiEntry(web, T.AddTicks(1), Bytes("second \"quoted\"")),
            new LokiEntry(err, T, Bytes("oops")),
            new LokiEntry(webAgain, T, Bytes("first é")),
        ]);

        const string expected =
            """{"streams":[{"stream":{"job":"turtle-harbor","script":"web","stream":"stdout"},"values":[["1770634800123000000","first \u00E9"],["1770634800123000100","second \u0022quoted\u0022"]]},"""
            + """{"stream":{"job":"turtle-harbor","script":"web","stream":"stderr"},"values":[["1770634800123000000","oops"]]}]}""";
        Assert.Equal(expected, Encoding.UTF8.GetString(builder.LastJson));
        Assert.Equal(expected, Gunzip(body.ToArray()));
    }

    [Fact]
    public void The_builder_is_reusable_and_each_body_holds_only_its_batch()
    {
        var labels = LokiLabelSet.Create([new("script", "a")]);
        using var builder = new LokiRequestBuilder();

        builder.Build([new LokiEntry(labels, T, Bytes("one")), new LokiEntry(labels, T, Bytes("two"))]);
        var second = Gunzip(builder.Build([new LokiEntry(labels, T, Bytes("three"))]).ToArray());

        Assert.Equal("""{"streams":[{"stream":{"script":"a"},"values":[["1770634800123000000","three"]]}]}""", second);
    }

    [Fact]
    public void Label_sets_with_the_same_pairs_are_equal_and_later_pairs_win()
    {
        var a = LokiLabelSet.Create([new("host", "x"), new("host", "y"), new("job", "j")]);
        var b = LokiLabelSet.Create([new("job", "j"), new("host", "y")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(["host", "job"], a.Labels.Keys);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Gunzip(byte[] body)
    {
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return Encoding.UTF8.GetString(plain.ToArray());
    }
}
