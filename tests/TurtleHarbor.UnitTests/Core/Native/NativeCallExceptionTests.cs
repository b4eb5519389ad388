using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class NativeCallExceptionTests
{
    [Fact]
    public void Message_names_the_function_the_error_text_and_the_errno()
    {
        var exception = new NativeCallException("killpg", Errno.ESRCH);

        Assert.Equal("killpg", exception.Function);
        Assert.Equal(Errno.ESRCH, exception.Errno);
        Assert.Equal($"killpg failed: No such process (errno {Errno.ESRCH})", exception.Message);
    }

    [Fact]
    public void Context_is_appended_after_the_errno()
    {
        var exception = new NativeCallException("posix_spawn", Errno.ENOENT, "working directory '/x' does not exist");

        Assert.Equal($"posix_spawn failed: No such file or directory (errno {Errno.ENOENT}); working directory '/x' does not exist", exception.Message);
    }
}
