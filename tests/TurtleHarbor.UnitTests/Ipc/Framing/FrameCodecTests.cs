using System.Buffers.Binary;
using System.Text;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Tests.Ipc.Framing;

public sealed class FrameCodecTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact(Timeout = 10_000)]
    public async Task Frames_read_back_whole_when_the_stream_returns_one_byte_per_read()
    {
        var sink = new MemoryStream();
        var writer = new FrameWriter(sink);
        await writer.WriteRequestAsync(new PingRequest(), None);
        await writer.WriteRequestAsync(new UpRequest("/p/scripts.yml", ["a", "b"]), None);
        await writer.WriteRequestAsync(new LogsRequest("/p/scripts.yml", null, 100, true), None);

        var source = new TrickleStream(sink.ToArray());
        var reader = new FrameReader(source);

        Assert.IsType<PingRequest>(await reader.ReadRequestAsync(None));
        var up = Assert.IsType<UpRequest>(await reader.ReadRequestAsync(None));
        Assert.Equal(["a", "b"], up.Names);
        Assert.Equal(new LogsRequest("/p/scripts.yml", null, 100, true), await reader.ReadRequestAsync(None));
        Assert.Null(await reader.ReadRequestAsync(None));
        Assert.True(source.Reads > sink.Length, "the trickle stream should have forced many partial reads");
    }

    [Fact(Timeout = 10_000)]
    public async Task An_empty_stream_is_a_clean_end()
    {
        Assert.Null(await new FrameReader(new MemoryStream()).ReadFrameAsync(None));
    }

    [Fact(Timeout = 10_000)]
    public async Task An_oversized_length_is_refused_before_the_body_is_read()
    {
        var data = Frame(ProtocolVersion.MaxFrameBytes + 1, new byte[64]);
        var source = new TrickleStream(data);

        var ex = await Assert.ThrowsAsync<ProtocolException>(() => new FrameReader(source).ReadFrameAsync(None).AsTask());

        Assert.Equal(FrameCodec.HeaderBytes, source.Position);
        Assert.Contains((ProtocolVersion.MaxFrameBytes + 1).ToString(), ex.Message);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_negative_length_is_refused_before_the_body_is_read()
    {
        var source = new TrickleStream(Frame(-1, new byte[16]));

        await Assert.ThrowsAsync<ProtocolException>(() => new FrameReader(source).ReadFrameAsync(None).AsTask());

        Assert.Equal(FrameCodec.HeaderBytes, source.Position);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_frame_cut_short_in_its_body_is_a_protocol_error()
    {
        var source = new TrickleStream(Frame(10, "{\"ty"u8.ToArray()));

        await Assert.ThrowsAsync<ProtocolException>(() => new FrameReader(source).ReadFrameAsync(None).AsTask());
    }

    [Fact(Timeout = 10_000)]
    public async Task A_frame_cut_short_in_its_header_is_a_protocol_error()
    {
        var source = new TrickleStream([7, 0]);

        await Assert.ThrowsAsync<ProtocolException>(() => new FrameReader(source).ReadFrameAsync(None).AsTask());
    }

    [Fact(Timeout = 10_000)]
    public async Task Garbage_json_is_a_well_formed_frame_that_fails_to_decode()
    {
        var reader = new FrameReader(new MemoryStream(Frame("this is not json")));

        var frame = await reader.ReadFrameAsync(None);

        Assert.NotNull(frame);
        var ex = Assert.Throws<ProtocolException>(() => FrameCodec.DecodeRequest(frame));
        Assert.Contains("malformed", ex.Message);
    }

    [Fact]
    public void An_unknown_type_names_the_type_in_the_error()
    {
        var ex = Assert.Throws<ProtocolException>(() => FrameCodec.DecodeRequest("{\"type\":\"frobnicate\",\"protocol\":1}"u8));

        Assert.Contains("unknown request type 'frobnicate'", ex.Message);
    }

    [Fact]
    public void A_message_without_type_is_refused()
    {
        var ex = Assert.Throws<ProtocolException>(() => FrameCodec.DecodeRequest("{\"config_path\":\"/x\"}"u8));

        Assert.Contains("\"type\"", ex.Message);
    }

    [Fact]
    public void A_missing_field_is_refused_rather_than_left_null()
    {
        var ex = Assert.Throws<ProtocolException>(() => FrameCodec.DecodeRequest("{\"type\":\"up\",\"names\":[]}"u8));

        Assert.Contains("'up'", ex.Message);
    }

    [Fact]
    public void A_null_where_the_record_says_non_null_is_refused()
    {
        Assert.Throws<ProtocolException>(() => FrameCodec.DecodeRequest("{\"type\":\"run\",\"config_path\":null,\"name\":\"a\"}"u8));
    }

    [Fact]
    public void A_request_without_protocol_decodes_as_protocol_0_which_no_daemon_refuses()
    {
        // STJ's source generator sets init-only properties from the JSON or to default: the
        // initializer's value (Current) is lost. 0 still means "not newer than the daemon".
        var request = FrameCodec.DecodeRequest("{\"type\":\"ping\"}"u8);

        Assert.IsType<PingRequest>(request);
        Assert.Equal(0, request.Protocol);
    }

    [Fact]
    public void The_protocol_of_an_undecodable_message_can_still_be_read()
    {
        Assert.Equal(7, FrameCodec.PeekProtocol("{\"type\":\"future\",\"protocol\":7,\"x\":[1,{}]}"u8));
        Assert.Null(FrameCodec.PeekProtocol("garbage"u8));
    }

    [Fact(Timeout = 10_000)]
    public async Task Each_frame_goes_out_in_one_write_with_a_little_endian_length()
    {
        var sink = new WriteCountingStream();

        await new FrameWriter(sink).WriteResponseAsync(new PongResponse("1.0", 42), None);

        Assert.Equal(1, sink.Writes);
        var bytes = sink.ToArray();
        Assert.Equal(bytes.Length - 4, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal("{\"type\":\"pong\",\"version\":\"1.0\",\"pid\":42,\"receipts\":false}", Encoding.UTF8.GetString(bytes, 4, bytes.Length - 4));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_writer_that_sent_a_huge_message_still_writes_small_ones_correctly()
    {
        var sink = new MemoryStream();
        var writer = new FrameWriter(sink);
        var lines = Enumerable.Range(0, 5000).Select(i => new LogLine("s", new string('x', 100) + i)).ToList();

        await writer.WriteResponseAsync(new LogChunkResponse(lines), None);
        await writer.WriteResponseAsync(new PongResponse("v", 1), None);

        sink.Position = 0;
        var reader = new FrameReader(sink);
        Assert.Equal(5000, Assert.IsType<LogChunkResponse>(await reader.ReadResponseAsync(None)).Lines.Count);
        Assert.Equal(new PongResponse("v", 1), await reader.ReadResponseAsync(None));
    }

    private static byte[] Frame(string json) => Frame(Encoding.UTF8.GetByteCount(json), Encoding.UTF8.GetBytes(json));

    private static byte[] Frame(int length, byte[] body)
    {
        var bytes = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        body.CopyTo(bytes, 4);
        return bytes;
    }
}
