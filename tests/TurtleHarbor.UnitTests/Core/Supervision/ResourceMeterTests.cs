using Microsoft.Extensions.Time.Testing;
using TurtleHarbor.Core.Native;
using TurtleHarbor.Core.Supervision;

namespace TurtleHarbor.Tests.Core.Supervision;

/// <summary>CPU% from two samples of a group, counted per member.</summary>
public sealed class ResourceMeterTests
{
    private const long Second = 1_000_000_000;
    private const int Pgid = 500;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    private static GroupUsage Group(params ProcessUsage[] members) => new(Pgid, [.. members]);

    [Fact]
    public void The_first_sample_averages_over_the_runs_life_as_ps_does()
    {
        var meter = new ResourceMeter(_clock);
        _clock.Advance(TimeSpan.FromSeconds(10));

        var figures = meter.Record(Pgid, Group(new ProcessUsage(500, 2 * Second, 1000), new ProcessUsage(501, 3 * Second, 500)), Start);

        Assert.Equal(50.0, figures.CpuPercent);
        Assert.Equal(1500, figures.RssBytes);
        Assert.Equal(2, figures.Processes);
    }

    [Fact]
    public void The_next_sample_counts_the_cpu_time_used_since_the_previous_one_over_the_time_between_them()
    {
        var meter = new ResourceMeter(_clock);
        _clock.Advance(TimeSpan.FromSeconds(10));
        meter.Record(Pgid, Group(new ProcessUsage(500, 1 * Second, 0), new ProcessUsage(501, 9 * Second, 0)), Start);

        _clock.Advance(TimeSpan.FromSeconds(2));
        var figures = meter.Record(Pgid, Group(new ProcessUsage(500, 1 * Second, 0), new ProcessUsage(501, 11 * Second, 0), new ProcessUsage(502, Second, 0)), Start);

        // 501 used 2 s and the newcomer 502 1 s in 2 s: one and a half cores.
        Assert.Equal(150.0, figures.CpuPercent);
    }

    [Fact]
    public void A_member_that_left_the_group_takes_its_time_with_it_and_never_makes_the_figure_negative()
    {
        var meter = new ResourceMeter(_clock);
        _clock.Advance(TimeSpan.FromSeconds(10));
        meter.Record(Pgid, Group(new ProcessUsage(500, Second, 0), new ProcessUsage(501, 100 * Second, 0)), Start);

        _clock.Advance(TimeSpan.FromSeconds(4));
        var figures = meter.Record(Pgid, Group(new ProcessUsage(500, 2 * Second, 0)), Start);

        // The group's total fell from 101 s to 2 s; per member, 500 used 1 s in 4 s.
        Assert.Equal(25.0, figures.CpuPercent);
    }

    [Fact]
    public void A_pid_reused_by_a_new_process_counts_the_new_process_time_only()
    {
        var meter = new ResourceMeter(_clock);
        _clock.Advance(TimeSpan.FromSeconds(10));
        meter.Record(Pgid, Group(new ProcessUsage(500, 50 * Second, 0)), Start);

        _clock.Advance(TimeSpan.FromSeconds(10));
        var figures = meter.Record(Pgid, Group(new ProcessUsage(500, 1 * Second, 0)), Start);

        Assert.Equal(10.0, figures.CpuPercent);
    }

    [Fact]
    public void Two_samples_too_close_together_keep_the_previous_figure_and_baseline()
    {
        var meter = new ResourceMeter(_clock);
        _clock.Advance(TimeSpan.FromSeconds(10));
        meter.Record(Pgid, Group(new ProcessUsage(500, 0, 0)), Start);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(100.0, meter.Record(Pgid, Group(new ProcessUsage(500, Second, 0)), Start).CpuPercent);

        _clock.Advance(TimeSpan.FromMilliseconds(10));
        var close = meter.Record(Pgid, Group(new ProcessUsage(500, Second + (Second / 1000), 4096)), Start);
        Assert.Equal(100.0, close.CpuPercent);
        Assert.Equal(4096, close.RssBytes);

        // The baseline is still the sample before the close one: 0.5 s of CPU in the 1 s since it.
        _clock.Advance(TimeSpan.FromMilliseconds(990));
        Assert.Equal(50.0, meter.Record(Pgid, Group(new ProcessUsage(500, Second + (Second / 2), 0)), Start).CpuPercent);
    }

    [Fact]
    public void Members_the_OS_would_not_tell_about_count_as_processes_with_unknown_figures()
    {
        var meter = new ResourceMeter(_clock);
        _clock.Advance(TimeSpan.FromSeconds(10));

        var foreignOnly = meter.Record(Pgid, Group(new ProcessUsage(500, null, null)), Start);
        Assert.Equal(new GroupResources(null, null, 1), foreignOnly);

        var mixed = meter.Record(Pgid + 1, new GroupUsage(Pgid + 1, [new ProcessUsage(600, 5 * Second, 2048), new ProcessUsage(601, null, null)]), Start);
        Assert.Equal(new GroupResources(50.0, 2048, 2), mixed);
    }

    [Fact]
    public void A_group_with_no_member_left_has_no_figures_and_starts_over()
    {
        var meter = new ResourceMeter(_clock);
        _clock.Advance(TimeSpan.FromSeconds(10));
        meter.Record(Pgid, Group(new ProcessUsage(500, 100 * Second, 0)), Start);

        Assert.Equal(new GroupResources(null, null, 0), meter.Record(Pgid, null, Start));

        _clock.Advance(TimeSpan.FromSeconds(10));
        // No baseline any more: averaged over the run's 20 s.
        Assert.Equal(25.0, meter.Record(Pgid, Group(new ProcessUsage(500, 5 * Second, 0)), Start).CpuPercent);
    }
}
