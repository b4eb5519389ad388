namespace TurtleHarbor.Core.Native;

/// <summary>
/// What a failed call's errno means for th, per OS: the one place where Linux and macOS differ in
/// meaning, not only in number. Every rule takes its <see cref="ErrnoTable"/>, so the macOS rules are
/// unit-tested on Linux with macOS values.
/// </summary>
internal static class ErrnoMeaning
{
    /// <summary>
    /// killpg(pgid, sig) returned -1 with <paramref name="errno"/>. ESRCH: no such group. macOS also
    /// answers EPERM when the group holds only zombies, or only processes we may not signal: xnu's
    /// killpg1 skips zombies (bsd/kern/kern_sig.c, the pgrp_iterate filter "p->p_stat != SZOMB") and
    /// returns EPERM for a POSIX caller that found nothing ("nfound > 0 ? 0 : (posix ? EPERM : ESRCH)").
    /// Either way nothing is left that th could signal: gone. Linux signals zombies and says EPERM only
    /// for members of another user, which still run.
    /// </summary>
    /// <returns>The outcome, or null when the errno is unexpected (a bug or a bad pgid).</returns>
    public static GroupSignalOutcome? OfKillpg(int errno, ErrnoTable os) =>
        errno == os.ESRCH ? GroupSignalOutcome.Gone
        : errno == os.EPERM ? (os.IsMacOS ? GroupSignalOutcome.Gone : GroupSignalOutcome.NotPermitted)
        : null;

    /// <summary>
    /// kill(pid, 0) returned -1: ESRCH is no such process, EPERM a live process we may not signal
    /// (both OSes; a zombie is signalable by its owner on both). Null for anything else.
    /// </summary>
    public static bool? IsAliveAfterKillFailed(int errno, ErrnoTable os) =>
        errno == os.ESRCH ? false : errno == os.EPERM ? true : null;

    /// <summary>
    /// macOS proc_pidinfo(PROC_PIDTASKINFO) failed for a member of a sampled group: EPERM is a live
    /// process of another user (xnu bsd/kern/proc_info.c proc_pidinfo checks the caller may inspect
    /// it), counted with unknown figures; anything else (ESRCH: gone, or a zombie with no task left)
    /// leaves it out of the sample.
    /// </summary>
    public static bool IsForeignMember(int errno, ErrnoTable os) => errno == os.EPERM;

    /// <summary>
    /// A Unix-socket connect failed with <paramref name="errno"/>. A full listen backlog is EAGAIN on
    /// Linux (net/unix/af_unix.c, non-blocking connect) but ECONNREFUSED on macOS (xnu
    /// bsd/kern/uipc_usrreq.c unp_connect: sonewconn fails on a full queue), which is also what a socket
    /// file without a listener gives there. So on macOS a refusal is "busy" only while a daemon holds the
    /// home's lock, and <paramref name="daemonHoldsLock"/> is asked only then.
    /// </summary>
    public static ConnectFailure OfConnect(int errno, ErrnoTable os, Func<bool> daemonHoldsLock)
    {
        if (errno == os.EAGAIN)
        {
            return ConnectFailure.BacklogFull;
        }

        if (errno == os.ECONNREFUSED)
        {
            return os.IsMacOS && daemonHoldsLock() ? ConnectFailure.BacklogFull : ConnectFailure.NoListener;
        }

        return errno == os.ENOENT ? ConnectFailure.NoListener : ConnectFailure.Other;
    }

    /// <summary>
    /// fcntl(F_SETPIPE_SZ) failed (Linux fs/pipe.c pipe_set_size): EPERM is the user's pipe budget
    /// (pipe-user-pages-soft/hard) or pipe-max-size, EBUSY a shrink below what is queued; anything else
    /// (EINVAL for a descriptor that is not a pipe) means the call does not apply.
    /// </summary>
    public static PipeResize OfSetPipeSize(int errno, ErrnoTable os) =>
        errno == os.EPERM ? PipeResize.OverLimit
        : errno == os.EBUSY ? PipeResize.Busy
        : PipeResize.Unsupported;

    /// <summary>
    /// Whether a failed call ran out of file descriptors: EMFILE (this process is at RLIMIT_NOFILE) or
    /// ENFILE (the whole system's table is full). Both pass once descriptors are closed again.
    /// </summary>
    public static bool IsOutOfDescriptors(int errno, ErrnoTable os) => errno == os.EMFILE || errno == os.ENFILE;
}
