using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Core.State;
using TurtleHarbor.Core.Supervision;
using TurtleHarbor.Ipc.Framing;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Tests.Ipc.Framing;

public sealed class MessageRoundTripTests
{
    private const string Config = "/home/u/project/scripts.yml";

    private static readonly DateTimeOffset Started = new(2026, 2, 9, 12, 0, 0, TimeSpan.FromHours(1));

    public static TheoryData<string> RequestTypes => new(RequestSamples.Keys);

    public static TheoryData<string> ResponseTypes => new(ResponseSamples.Keys);

    private static Dictionary<string, Request> RequestSamples => new()
    {
        ["ping"] = new PingRequest(),
        ["up"] = new UpRequest(Config, ["backend", "worker"]) { Receipt = true },
        ["down"] = new DownRequest(Config, []),
        ["restart"] = new RestartRequest(Config, ["backend"]),
        ["reload"] = new ReloadRequest(Config, DryRun: true),
        ["ps"] = new StatusRequest(null, All: true),
        ["logs"] = new LogsRequest(Config, "backend", 100, Follow: true),
        ["run"] = new RunRequest(Config, "nightly"),
        ["daemon_status"] = new DaemonStatusRequest(),
        ["daemon_stop"] = new DaemonStopRequest { Protocol = 1 },
        ["history"] = new HistoryRequest(Config, "nightly"),
        ["kill"] = new KillRequest(Config, ["backend"], TurtleHarbor.Core.Native.Signal.Hup, Main: true),
    };

    private static Dictionary<string, Response> ResponseSamples => new()
    {
        ["pong"] = new PongResponse("0.1.0", 4242, Receipts: true),
        ["received"] = new ReceivedResponse(),
        ["error"] = new ErrorResponse(78, "/p/scripts.yml:3:5: unknown key 'comand'", null, [new ConfigProblem("/p/scripts.yml", 3, 5, "unknown key 'comand'")]),
        ["outcomes"] = new OutcomesResponse([new ScriptOutcome("backend", OutcomeKind.Started, 1234, null, "cron armed"), new ScriptOutcome("b", OutcomeKind.FailedToStart, null, "spawn failed", null), new ScriptOutcome("c", OutcomeKind.Restarted, 7, null, null, ["env", "command"])]),
        ["status"] = new StatusResponse([new ScriptSnapshot("backend", Config, ScriptStatus.Running, 10, 10, Started, 61, 2, null, null), new ScriptSnapshot("cron", Config, ScriptStatus.Waiting, null, null, null, 0, 0, 0, Started)]),
        ["reload"] = new ReloadResponse(false, [new ReloadChange("backend", ReloadChangeKind.Changed, ["command", "env"], null)]),
        ["logs"] = new LogsResponse(EndOfTail: true, Following: false),
        ["log_chunk"] = new LogChunkResponse([new LogLine("backend", "2026-02-09T12:00:00.123+01:00 [stdout] hello ✓")]),
        ["daemon_status"] = new DaemonStatusResponse(99, "0.1.0", 3600, "/h", "/h/daemon.sock", 3, 1),
        ["history"] = new HistoryResponse([
            new RunRecord(Config, "nightly", RunTrigger.Cron, Started, Started.AddSeconds(2), 2, 1234, null, "TERM", null),
            new RunRecord(Config, "nightly", RunTrigger.Run, Started, Started, 0, null, null, null, "No such file or directory")]),
    };

    [Theory]
    [MemberData(nameof(RequestTypes))]
    public void Every_request_round_trips_with_its_type_and_snake_case_keys(string type)
    {
        var request = RequestSamples[type];
        var json = RoundTrip(request, FrameCodec.DecodeRequest, type);

        Assert.Equal(request.Protocol, json.RootElement.GetProperty("protocol").GetInt32());
    }

    [Theory]
    [MemberData(nameof(ResponseTypes))]
    public void Every_response_round_trips_with_its_type_and_snake_case_keys(string type)
    {
        RoundTrip(ResponseSamples[type], FrameCodec.DecodeResponse, type);
    }

    [Fact]
    public void The_samples_cover_every_message_type()
    {
        Assert.Equal(MessageCatalog.RequestTypes.Order(), RequestSamples.Keys.Order());
        Assert.Equal(MessageCatalog.ResponseTypes.Order(), ResponseSamples.Keys.Order());
    }

    [Fact]
    public void Status_serializes_as_a_snake_case_string()
    {
        var frame = FrameWriter.Encode(new StatusResponse([new ScriptSnapshot("a", Config, ScriptStatus.Restarting, null, null, null, 0, 0, null, null)]));

        using var json = JsonDocument.Parse(frame.AsMemory(4));
        Assert.Equal("restarting", json.RootElement.GetProperty("scripts")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void Outcome_serializes_as_a_snake_case_string()
    {
        var frame = FrameWriter.Encode(new OutcomesResponse([new ScriptOutcome("a", OutcomeKind.StartingOnceStopped, 7, null, null)]));

        using var json = JsonDocument.Parse(frame.AsMemory(4));
        Assert.Equal("starting_once_stopped", json.RootElement.GetProperty("outcomes")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public void Kill_carries_its_signal_as_a_snake_case_name_and_changed_fields_as_a_list()
    {
        var kill = FrameWriter.Encode(new KillRequest(Config, [], TurtleHarbor.Core.Native.Signal.Usr1, Main: false));
        var outcome = FrameWriter.Encode(new OutcomesResponse([new ScriptOutcome("a", OutcomeKind.Restarted, 7, null, null, ["env"])]));

        using var request = JsonDocument.Parse(kill.AsMemory(4));
        using var response = JsonDocument.Parse(outcome.AsMemory(4));
        Assert.Equal("usr1", request.RootElement.GetProperty("signal").GetString());
        Assert.Equal("env", response.RootElement.GetProperty("outcomes")[0].GetProperty("changed")[0].GetString());
    }

    [Fact]
    public void Config_problems_cross_as_records_with_file_line_column_and_message()
    {
        var frame = FrameWriter.Encode(new ErrorResponse(78, "two problems", null, [new ConfigProblem("/p/s.yml", 3, 5, "bad: 'x'"), new ConfigProblem("/p/s.yml", 0, 0, "no scripts")]));

        using var json = JsonDocument.Parse(frame.AsMemory(4));
        var first = json.RootElement.GetProperty("problems")[0];
        Assert.Equal("/p/s.yml", first.GetProperty("file").GetString());
        Assert.Equal(3, first.GetProperty("line").GetInt32());
        Assert.Equal(5, first.GetProperty("column").GetInt32());
        Assert.Equal("bad: 'x'", first.GetProperty("message").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public void A_change_that_was_not_saved_says_so_in_a_typed_field()
    {
        var sent = new OutcomesResponse([new ScriptOutcome("web", OutcomeKind.Started, 1234, null, null)], new SaveFailure(SavedFile.State, "No space left on device"));

        using var json = RoundTrip(sent, FrameCodec.DecodeResponse, "outcomes");

        var notSaved = json.RootElement.GetProperty("not_saved");
        Assert.Equal("state", notSaved.GetProperty("file").GetString());
        Assert.Equal("No space left on device", notSaved.GetProperty("reason").GetString());
        Assert.Equal(sent.NotSaved, ((OutcomesResponse)FrameCodec.DecodeResponse(FrameWriter.Encode(sent).AsSpan(4).ToArray())!).NotSaved);
    }

    private static JsonDocument RoundTrip<T>(T message, Decode<T> decode, string type)
        where T : class
    {
        var frame = FrameWriter.Encode(message);
        var payload = frame.AsSpan(4).ToArray();
        var json = JsonDocument.Parse(payload);

        Assert.Equal(type, json.RootElement.GetProperty("type").GetString());
        AssertSnakeCase(json.RootElement);
        var decoded = decode(payload);
        Assert.Equal(message!.GetType(), decoded!.GetType());
        // Records holding lists compare lists by reference, so compare what goes on the wire instead.
        Assert.Equal(frame, FrameWriter.Encode(decoded));
        return json;
    }

    private static void AssertSnakeCase(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Assert.Matches("^[a-z][a-z0-9_]*$", property.Name);
                AssertSnakeCase(property.Value);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                AssertSnakeCase(item);
            }
        }
    }

    [Fact]
    public void Every_concrete_message_type_is_in_the_catalog_once()
    {
        var messages = typeof(Request).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && (t.IsSubclassOf(typeof(Request)) || t.IsSubclassOf(typeof(Response))))
            .ToList();

        Assert.Equal(MessageCatalog.RequestTypes.Count() + MessageCatalog.ResponseTypes.Count(), messages.Count);
        Assert.Equal(MessageCatalog.RequestTypes.Count(), MessageCatalog.RequestTypes.Distinct().Count());
        Assert.Equal(MessageCatalog.ResponseTypes.Count(), MessageCatalog.ResponseTypes.Distinct().Count());
        Assert.All(messages, t => MessageCatalog.Describe(System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t)));
    }

    [Fact]
    public void The_type_comes_first_then_the_properties_of_the_message()
    {
        var payload = System.Text.Encoding.UTF8.GetString(FrameWriter.Encode(new DaemonStatusRequest { Protocol = 1 }).AsSpan(4));

        Assert.Equal("""{"type":"daemon_status","protocol":1}""", payload);
    }

    [Fact]
    public void Log_text_crosses_unescaped_where_json_allows_and_escaped_where_it_must()
    {
        var text = "2026-11-29T17:03:00.123+01:00 [stdout] caf\u00e9 <a&b> \"quoted\" back\\slash\ttab\u001b[0m";
        var frame = FrameWriter.Encode(new LogChunkResponse([new LogLine("web", text)]));
        var json = System.Text.Encoding.UTF8.GetString(frame.AsSpan(FrameCodec.HeaderBytes));

        Assert.Contains("+01:00 [stdout] caf\u00e9 <a&b> ", json);
        Assert.Contains("\\\"quoted\\\"", json);
        Assert.Contains("back\\\\slash\\ttab\\u001B[0m", json);
        var decoded = (LogChunkResponse)FrameCodec.DecodeResponse(frame.AsSpan(FrameCodec.HeaderBytes));
        Assert.Equal(text, decoded.Lines[0].Text);
    }

    [Fact]
    public void A_request_asking_for_a_receipt_says_so_and_one_that_does_not_is_the_bytes_it_always_was()
    {
        var asking = FrameWriter.Encode(new DownRequest(Config, ["a"]) { Receipt = true });
        var plain = System.Text.Encoding.UTF8.GetString(FrameWriter.Encode(new DownRequest(Config, ["a"])).AsSpan(4));

        using var json = JsonDocument.Parse(asking.AsMemory(4));
        Assert.True(json.RootElement.GetProperty("receipt").GetBoolean());
        Assert.True(FrameCodec.DecodeRequest(asking.AsSpan(4)).Receipt);
        Assert.Equal($$"""{"type":"down","config_path":"{{Config}}","names":["a"],"protocol":{{ProtocolVersion.Current}}}""", plain);
        Assert.False(FrameCodec.DecodeRequest(FrameWriter.Encode(new DownRequest(Config, ["a"])).AsSpan(4)).Receipt);
    }

    [Fact]
    public void The_receipt_is_a_frame_of_its_type_alone_and_a_pong_without_receipts_is_an_older_daemon()
    {
        var receipt = System.Text.Encoding.UTF8.GetString(FrameWriter.Encode(new ReceivedResponse()).AsSpan(4));
        var olderPong = FrameCodec.DecodeResponse("""{"type":"pong","version":"0.0.9","pid":7}"""u8);

        Assert.Equal("""{"type":"received"}""", receipt);
        Assert.Equal(new PongResponse("0.0.9", 7, Receipts: false), olderPong);
    }

    private delegate T Decode<T>(ReadOnlySpan<byte> payload);
}
