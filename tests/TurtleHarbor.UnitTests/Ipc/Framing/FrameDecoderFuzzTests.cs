using System.Buffers.Binary;
using System.Text;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Tests.Ipc.Framing;

/// <summary>
/// Property tests of the frame reader and the message decoder with a seeded generator (no package:
/// a few lines do what is needed, and the seed in a failure message replays it with TH_RELIABILITY_SEED).
/// Property: whatever the bytes, the decoder returns a message or throws ProtocolException, nothing else.
/// </summary>
public sealed class FrameDecoderFuzzTests
{
    private static readonly string[] Valid =
    [
        """{"type":"ping"}""",
        """{"type":"up","config_path":"/p/scripts.yml","names":["a","b"],"protocol":1}""",
        """{"type":"down","config_path":"/p/scripts.yml","names":[]}""",
        """{"type":"ps","config_path":null,"all":true}""",
        """{"type":"logs","config_path":"/p/s.yml","name":"a","lines":100,"follow":true}""",
        """{"type":"run","config_path":"/p/s.yml","name":"a"}""",
        """{"type":"reload","config_path":"/p/s.yml","dry_run":false}""",
        """{"type":"history","config_path":"/p/s.yml","name":null}""",
    ];

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"type\"", ":", ",", "\"up\"", "\"nope\"", "null", "1e999", "-1", "\"\\u0000\"",
        "\"names\"", "[\"a\"]", "true", "\"protocol\"", "99999999999", "\"\\ud800\"", "\u00ff", " ",
    ];

    [Fact]
    public void Mutated_and_random_payloads_decode_or_throw_ProtocolException_only()
    {
        var random = new Random(ReliabilityScale.Seed);
        var count = ReliabilityScale.Pick(20_000, 500_000);
        for (var i = 0; i < count; i++)
        {
            var payload = Generate(random);
            try
            {
                var request = FrameCodec.DecodeRequest(payload);
                Assert.NotNull(request);
            }
            catch (ProtocolException)
            {
                // The one allowed failure.
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {ReliabilityScale.Seed} input {i} ({Convert.ToBase64String(payload)}): {e.GetType().Name}: {e.Message}");
            }

            _ = FrameCodec.PeekProtocol(payload);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Random_byte_streams_give_frames_or_ProtocolException_and_never_allocate_a_refused_length()
    {
        var random = new Random(ReliabilityScale.Seed);
        var count = ReliabilityScale.Pick(5_000, 100_000);
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (random.Next(3) == 0 && bytes.Length >= 4)
            {
                // A plausible header: small, at the limit, just past it, or 4 GiB - 1.
                uint[] lengths = [(uint)random.Next(0, 60), ProtocolVersion.MaxFrameBytes, ProtocolVersion.MaxFrameBytes + 1u, uint.MaxValue];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, lengths[random.Next(lengths.Length)]);
            }

            var reader = new FrameReader(new MemoryStream(bytes), TimeSpan.FromSeconds(5));
            try
            {
                while (await reader.ReadFrameAsync(CancellationToken.None) is { } frame)
                {
                    Assert.True(frame.Length <= bytes.Length, $"seed {ReliabilityScale.Seed}: a frame longer than its input");
                }
            }
            catch (ProtocolException)
            {
                // Refused length or truncated frame.
            }
        }
    }

    [Fact]
    public void Every_valid_request_survives_a_round_trip_through_the_codec()
    {
        foreach (var json in Valid)
        {
            var request = FrameCodec.DecodeRequest(Encoding.UTF8.GetBytes(json));
            var encoded = FrameWriter.Encode(request);
            var again = FrameWriter.Encode(FrameCodec.DecodeRequest(encoded.AsSpan(FrameCodec.HeaderBytes)));
            Assert.Equal(encoded, again);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task A_stalled_half_frame_is_refused_after_the_frame_timeout()
    {
        var stalled = new StallingStream([5, 0]);
        var reader = new FrameReader(stalled, TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<ProtocolException>(() => reader.ReadFrameAsync(CancellationToken.None).AsTask());

        Assert.Contains("not completed", error.Message);
    }

    private static byte[] Generate(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                var bytes = new byte[random.Next(0, 80)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                var text = new StringBuilder();
                for (var n = random.Next(1, 12); n > 0; n--)
                {
                    text.Append(Fragments[random.Next(Fragments.Length)]);
                }

                return Encoding.UTF8.GetBytes(text.ToString());
            case 2:
                return Encoding.UTF8.GetBytes(new string('[', random.Next(1, 5000)) + new string(']', random.Next(0, 5000)));
            default:
                var valid = Encoding.UTF8.GetBytes(Valid[random.Next(Valid.Length)]).ToList();
                for (var n = random.Next(1, 4); n > 0 && valid.Count > 0; n--)
                {
                    var at = random.Next(valid.Count);
                    switch (random.Next(3))
                    {
                        case 0: valid[at] = (byte)random.Next(256); break;
                        case 1: valid.RemoveAt(at); break;
                        default: valid.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)])); break;
                    }
                }

                return [.. valid];
        }
    }

    /// <summary>Hands out its bytes, then never completes a read until cancelled: a peer that stalls.</summary>
    private sealed class StallingStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < bytes.Length)
            {
                buffer.Span[0] = bytes[_position++];
                return 1;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
