using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class AppendOnlyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("th-append-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LinuxFact]
    public void The_descriptor_is_append_only_close_on_exec_and_refuses_links()
    {
        var path = Path.Combine(_dir, "a.log");
        using var file = AppendOnlyFile.Open(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var fd = Directory.GetFiles("/proc/self/fd").Single(link => new FileInfo(link).LinkTarget == path);
        var flagsLine = File.ReadLines($"/proc/self/fdinfo/{Path.GetFileName(fd)}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        var flags = Convert.ToInt32(flagsLine["flags:".Length..].Trim(), 8);
        Assert.NotEqual(0, flags & NativeFlags.O_APPEND);
        Assert.NotEqual(0, flags & NativeFlags.O_CLOEXEC);
        Assert.NotEqual(0, flags & NativeFlags.O_NOFOLLOW);
    }

    [Fact]
    public void Writes_land_at_the_end_even_after_someone_truncates_the_file()
    {
        var path = Path.Combine(_dir, "b.log");
        using var file = AppendOnlyFile.Open(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        file.Write("first line\n"u8);
        File.WriteAllText(path, ""); // what logrotate's copytruncate does
        file.Write("second\n"u8);
        Assert.Equal("second\n", File.ReadAllText(path));
        Assert.Equal(7, file.Length);
    }

    [Fact]
    public void A_symbolic_link_at_the_path_is_refused_and_its_target_untouched()
    {
        var target = Path.Combine(_dir, "target");
        var link = Path.Combine(_dir, "c.log");
        File.CreateSymbolicLink(link, target);
        var error = Assert.Throws<IOException>(() => AppendOnlyFile.Open(link, UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void The_identity_of_the_path_and_of_the_open_file_agree_until_the_file_is_moved()
    {
        var path = Path.Combine(_dir, "d.log");
        using var file = AppendOnlyFile.Open(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.True(FileIdentity.OfPath(path)!.Value.SameFileAs(file.Identity));
        File.Move(path, path + ".1");
        Assert.Null(FileIdentity.OfPath(path));
        Assert.True(FileIdentity.OfPath(path + ".1")!.Value.SameFileAs(file.Identity));
        File.WriteAllText(path, "new");
        Assert.False(FileIdentity.OfPath(path)!.Value.SameFileAs(file.Identity));
        Assert.Equal(3, FileIdentity.OfPath(path)!.Value.Size);
    }
}
