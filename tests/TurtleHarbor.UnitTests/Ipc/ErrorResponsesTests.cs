using System.Collections.Immutable;
using TurtleHarbor.Core.Errors;
using TurtleHarbor.Ipc;
using TurtleHarbor.Ipc.Protocol;

namespace TurtleHarbor.Tests.Ipc;

public sealed class ErrorResponsesTests
{
    public static TheoryData<int, Type> Codes => new()
    {
        { (int)ExitCode.ScriptOperationFailed, typeof(ScriptOperationException) },
        { (int)ExitCode.Usage, typeof(UsageException) },
        { (int)ExitCode.ScriptNotFound, typeof(ScriptNotFoundException) },
        { (int)ExitCode.ConfigNotFound, typeof(ConfigNotFoundException) },
        { (int)ExitCode.DaemonUnreachable, typeof(DaemonUnreachableException) },
        { (int)ExitCode.Internal, typeof(InternalException) },
        { (int)ExitCode.Io, typeof(ThIoException) },
        { (int)ExitCode.Protocol, typeof(ProtocolException) },
        { (int)ExitCode.ConfigInvalid, typeof(ConfigInvalidException) },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_error_code_becomes_its_exception_type(int exitCode, Type expected)
    {
        var code = (ExitCode)exitCode;
        var exception = ErrorResponses.ToException(new ErrorResponse((int)code, "/p/scripts.yml:3:5: it broke", "try again", [new ConfigProblem("/p/scripts.yml", 3, 5, "it broke")]));

        Assert.IsType(expected, exception);
        Assert.Equal(code, exception.ExitCode);
        Assert.Equal("/p/scripts.yml:3:5: it broke", exception.Message);
    }

    [Fact]
    public void The_table_covers_every_exit_code_but_success()
    {
        Assert.Equal(Enum.GetValues<ExitCode>().Where(c => c != ExitCode.Success).Order(), Codes.Select(c => (ExitCode)(int)c[0]).Order());
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void An_exception_survives_the_trip_to_the_client_and_back(int exitCode, Type expected)
    {
        var code = (ExitCode)exitCode;
        var original = ErrorResponses.ToException(new ErrorResponse((int)code, "f: message", "hint", [new ConfigProblem("f", 0, 0, "message")]));

        var rebuilt = ErrorResponses.ToException(ErrorResponses.From(original));

        Assert.IsType(expected, rebuilt);
        Assert.Equal(original.Message, rebuilt.Message);
        Assert.Equal(original.Hint, rebuilt.Hint);
    }

    [Fact]
    public void Every_config_problem_crosses_the_wire()
    {
        var problems = ImmutableArray.Create(
            new ConfigProblem("/p/scripts.yml", 3, 5, "unknown key 'comand'"),
            new ConfigProblem("/p/scripts.yml", 9, 1, "bad duration: '5x'"),
            new ConfigProblem("/p/scripts.yml", 0, 0, "duplicate name"));

        var error = ErrorResponses.From(new ConfigInvalidException(problems));
        var rebuilt = Assert.IsType<ConfigInvalidException>(ErrorResponses.ToException(error));

        Assert.Equal(78, error.Code);
        Assert.Equal(problems.AsEnumerable(), rebuilt.Problems.AsEnumerable());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    public void An_unknown_code_keeps_the_message_as_a_protocol_error(int code)
    {
        var exception = ErrorResponses.ToException(new ErrorResponse(code, "from the future", null));

        Assert.IsType<ProtocolException>(exception);
        Assert.Contains("from the future", exception.Message);
    }
}
