using System.Runtime.InteropServices;

namespace TurtleHarbor.Core.Native;

internal static partial class GroupSampler
{
    // A group of more than 4096 processes is sampled over its first 4096 members.
    private const int MaxPidsPerGroup = 4096;

    /// <summary>
    /// proc_listpids(PROC_PGRP_ONLY, pgid) lists each group's members (zombies included: their
    /// proc_pidinfo fails with ESRCH and they are left out); proc_pidinfo(PROC_PIDTASKINFO) gives
    /// pti_resident_size in bytes and pti_total_user + pti_total_system in Mach absolute time units
    /// (xnu osfmk/kern/bsd_kern.c fill_taskprocinfo fills them from recount_times_mach), turned into
    /// nanoseconds with mach_timebase_info (1/1 on Intel, 125/3 on Apple silicon). Another user's
    /// process answers EPERM: it counts as a member whose figures are unknown.
    /// </summary>
    private static unsafe Dictionary<int, List<ProcessUsage>> SampleMacOS(IReadOnlyCollection<int> pgids)
    {
        Libc.MachTimebaseInfo timebase;
        if (Libc.mach_timebase_info(&timebase) != 0 || timebase.Numer == 0 || timebase.Denom == 0)
        {
            timebase = new Libc.MachTimebaseInfo { Numer = 1, Denom = 1 };
        }

        var members = new Dictionary<int, List<ProcessUsage>>();
        var pids = new int[MaxPidsPerGroup];
        Libc.ProcTaskInfo info;
        foreach (var pgid in pgids)
        {
            int bytes;
            fixed (int* buffer = pids)
            {
                bytes = Libc.proc_listpids(Libc.ProcListPids.PgrpOnly, (uint)pgid, buffer, MaxPidsPerGroup * sizeof(int));
            }

            var list = new List<ProcessUsage>();
            for (var i = 0; i < bytes / sizeof(int); i++)
            {
                var pid = pids[i];
                if (pid <= 0)
                {
                    continue;
                }

                // Returns the bytes written; anything short of the struct is a failure, errno set.
                if (Libc.proc_pidinfo(pid, Libc.ProcPidInfo.TaskInfo, 0, &info, sizeof(Libc.ProcTaskInfo)) == sizeof(Libc.ProcTaskInfo))
                {
                    var ticks = (double)(info.TotalUser + info.TotalSystem);
                    list.Add(new ProcessUsage(pid, (long)(ticks * timebase.Numer / timebase.Denom), (long)info.ResidentSize));
                }
                else if (ErrnoMeaning.IsForeignMember(Marshal.GetLastPInvokeError(), ErrnoTable.Host))
                {
                    list.Add(new ProcessUsage(pid, null, null));
                }
            }

            if (list.Count > 0)
            {
                members[pgid] = list;
            }
        }

        return members;
    }
}
