using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Ipc;

namespace TurtleHarbor.Tests.Core.Native;

/// <summary>
/// The per-OS meaning of errno values, run with both tables on any host: the macOS rules are checked
/// here on Linux with macOS's numbers (xnu bsd/sys/errno.h), and the other way round on a Mac.
/// </summary>
public sealed class ErrnoMeaningTests
{
    private static readonly ErrnoTable Mac = ErrnoTable.MacOS;
    private static readonly ErrnoTable Linux = ErrnoTable.Linux;

    [Fact]
    public void The_tables_hold_the_numbers_of_each_OSs_errno_h()
    {
        Assert.Equal((1, 3, 35, 61, 36, 78), (Mac.EPERM, Mac.ESRCH, Mac.EAGAIN, Mac.ECONNREFUSED, Mac.EINPROGRESS, Mac.ENOSYS));
        Assert.Equal((1, 3, 11, 111, 115, 38), (Linux.EPERM, Linux.ESRCH, Linux.EAGAIN, Linux.ECONNREFUSED, Linux.EINPROGRESS, Linux.ENOSYS));
    }

    [Fact]
    public void The_host_table_agrees_with_the_host_C_librarys_messages()
    {
        var host = ErrnoTable.Host;

        Assert.Equal("Resource temporarily unavailable", Marshal.GetPInvokeErrorMessage(host.EAGAIN));
        Assert.Equal("Connection refused", Marshal.GetPInvokeErrorMessage(host.ECONNREFUSED));
        Assert.Equal("Operation now in progress", Marshal.GetPInvokeErrorMessage(host.EINPROGRESS));
        Assert.Equal("No such process", Marshal.GetPInvokeErrorMessage(host.ESRCH));
    }

    [Fact]
    public void On_macOS_killpg_EPERM_means_the_group_holds_only_zombies_and_is_gone()
    {
        Assert.Equal(GroupSignalOutcome.Gone, ErrnoMeaning.OfKillpg(Mac.EPERM, Mac));
        Assert.Equal(GroupSignalOutcome.Gone, ErrnoMeaning.OfKillpg(Mac.ESRCH, Mac));
        Assert.False(ProcessGroup.SignalFailed(Mac.EPERM, Mac));
        Assert.False(ProcessGroup.ProbeFailedButMembersRemain(Mac.EPERM, Mac));
    }

    [Fact]
    public void On_Linux_killpg_EPERM_means_members_of_another_user_remain()
    {
        Assert.Equal(GroupSignalOutcome.NotPermitted, ErrnoMeaning.OfKillpg(Linux.EPERM, Linux));
        Assert.True(ProcessGroup.ProbeFailedButMembersRemain(Linux.EPERM, Linux));
        var signal = Assert.Throws<NativeCallException>(() => ProcessGroup.SignalFailed(Linux.EPERM, Linux));
        Assert.Equal(("killpg", 1), (signal.Function, signal.Errno));
        Assert.False(ProcessGroup.SignalFailed(Linux.ESRCH, Linux));
    }

    [Fact]
    public void An_unexpected_killpg_errno_is_an_error_on_both()
    {
        Assert.Null(ErrnoMeaning.OfKillpg(Mac.EINVAL, Mac));
        Assert.Throws<NativeCallException>(() => ProcessGroup.SignalFailed(Mac.EINVAL, Mac));
        Assert.Throws<NativeCallException>(() => ProcessGroup.ProbeFailedButMembersRemain(Linux.EINVAL, Linux));
    }

    [Fact]
    public void On_macOS_ECONNREFUSED_is_a_full_backlog_only_while_a_daemon_holds_the_lock()
    {
        Assert.Equal(ConnectFailure.BacklogFull, ErrnoMeaning.OfConnect(Mac.ECONNREFUSED, Mac, () => true));
        Assert.Equal(ConnectFailure.NoListener, ErrnoMeaning.OfConnect(Mac.ECONNREFUSED, Mac, () => false));
        Assert.Equal(ConnectFailure.BacklogFull, ErrnoMeaning.OfConnect(Mac.EAGAIN, Mac, () => false));
        Assert.Equal(ConnectFailure.NoListener, ErrnoMeaning.OfConnect(Mac.ENOENT, Mac, () => true));
    }

    [Fact]
    public void On_Linux_a_full_backlog_is_EAGAIN_and_a_refusal_is_no_listener_without_asking_for_the_lock()
    {
        Func<bool> unasked = () => throw new InvalidOperationException("Linux must not probe the lock");

        Assert.Equal(ConnectFailure.BacklogFull, ErrnoMeaning.OfConnect(Linux.EAGAIN, Linux, unasked));
        Assert.Equal(ConnectFailure.NoListener, ErrnoMeaning.OfConnect(Linux.ECONNREFUSED, Linux, unasked));
        Assert.Equal(ConnectFailure.Other, ErrnoMeaning.OfConnect(Linux.EACCES, Linux, unasked));
    }

    [Fact]
    public async Task A_refused_connect_carries_the_hosts_ECONNREFUSED_as_its_native_error_code()
    {
        var path = $"/tmp/th-refuse-{Guid.NewGuid():N}"[..26] + ".sock";
        using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        bound.Bind(new UnixDomainSocketEndPoint(path)); // a socket file with nobody listening
        try
        {
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(new UnixDomainSocketEndPoint(path)));

            Assert.Equal((ErrnoTable.Host.ECONNREFUSED, SocketError.ConnectionRefused), (refused.NativeErrorCode, refused.SocketErrorCode));
            Assert.False(ListenBacklog.IsFull(refused, ListenBacklog.NoDaemonLock));
            Assert.Equal(OperatingSystem.IsMacOS(), ListenBacklog.IsFull(refused, static () => true));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_failed_start_time_probe_means_cannot_tell_whatever_the_errno()
    {
        var record = KinfoProc(pid: 4242, seconds: 1_700_000_000, microseconds: 250_000);

        Assert.Null(ProcessIdentity.StartTimeFromKinfoProc(4242, -1, Mac.EPERM, record));
        Assert.Null(ProcessIdentity.StartTimeFromKinfoProc(4242, -1, Mac.ENOMEM, record));
    }

    [Fact]
    public void The_start_time_comes_from_kp_proc_p_starttime_of_the_asked_pid()
    {
        var record = KinfoProc(pid: 4242, seconds: 1_700_000_000, microseconds: 250_000);

        Assert.Equal(1_700_000_000_250_000L, ProcessIdentity.StartTimeFromKinfoProc(4242, 0, 0, record));
        Assert.Null(ProcessIdentity.StartTimeFromKinfoProc(4243, 0, 0, record)); // a record of another pid
        Assert.Null(ProcessIdentity.StartTimeFromKinfoProc(4242, 0, 0, [])); // no such process: success, nothing written
        Assert.Null(ProcessIdentity.StartTimeFromKinfoProc(4242, 0, 0, record.AsSpan(0, 40))); // short
    }

    /// <summary>struct kinfo_proc as LP64 macOS writes it (xnu bsd/sys/sysctl.h, bsd/sys/proc.h): 648 bytes.</summary>
    private static byte[] KinfoProc(int pid, long seconds, int microseconds)
    {
        var record = new byte[648];
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(0), seconds);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), microseconds);
        record[36] = 2; // p_stat SRUN
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(40), pid);
        return record;
    }

    [Fact]
    public void Out_of_descriptors_is_EMFILE_or_ENFILE_on_both()
    {
        foreach (var os in new[] { Linux, Mac })
        {
            Assert.Equal((23, 24), (os.ENFILE, os.EMFILE));
            Assert.True(ErrnoMeaning.IsOutOfDescriptors(os.EMFILE, os));
            Assert.True(ErrnoMeaning.IsOutOfDescriptors(os.ENFILE, os));
            Assert.False(ErrnoMeaning.IsOutOfDescriptors(os.EAGAIN, os));
            Assert.False(ErrnoMeaning.IsOutOfDescriptors(os.ENOMEM, os));
        }
    }
}
