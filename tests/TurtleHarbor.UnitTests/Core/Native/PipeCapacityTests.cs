using TurtleHarbor.Core.Native;
using TurtleHarbor.Tests.Support;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class PipeCapacityTests
{
    [Fact]
    public void F_SETPIPE_SZ_errors_mean_over_the_budget_busy_or_not_applicable_on_both_tables()
    {
        foreach (var os in new[] { ErrnoTable.Linux, ErrnoTable.MacOS })
        {
            Assert.Equal(PipeResize.OverLimit, ErrnoMeaning.OfSetPipeSize(os.EPERM, os));
            Assert.Equal(PipeResize.Busy, ErrnoMeaning.OfSetPipeSize(os.EBUSY, os));
            Assert.Equal(PipeResize.Unsupported, ErrnoMeaning.OfSetPipeSize(os.EINVAL, os));
            Assert.Equal(PipeResize.Unsupported, ErrnoMeaning.OfSetPipeSize(os.EBADF, os));
        }
    }

    [LinuxFact]
    public void A_pipe_grows_to_1_MiB_and_goes_back_to_the_default()
    {
        var (read, write) = NativePipe.Create();
        using (read)
        using (write)
        {
            Assert.Equal(PipeCapacity.DefaultBytes, PipeCapacity.Get(read));

            var grown = PipeCapacity.TrySet(read, PipeCapacity.LargeBytes);
            // An unprivileged user over the pipe budget is refused; the answer must say so rather than throw.
            Assert.Contains(grown, new[] { PipeResize.Done, PipeResize.OverLimit });
            if (grown == PipeResize.Done) Assert.Equal(PipeCapacity.LargeBytes, PipeCapacity.Get(write));

            Assert.Equal(PipeResize.Done, PipeCapacity.TrySet(write, PipeCapacity.DefaultBytes));
            Assert.Equal(PipeCapacity.DefaultBytes, PipeCapacity.Get(read));
        }
    }

    [LinuxFact]
    public void A_file_is_not_a_pipe_and_is_never_resized()
    {
        string path = Path.GetTempFileName();
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
            Assert.Equal(PipeResize.Unsupported, PipeCapacity.TrySet(file, PipeCapacity.LargeBytes));
            Assert.Null(PipeCapacity.Get(file));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
