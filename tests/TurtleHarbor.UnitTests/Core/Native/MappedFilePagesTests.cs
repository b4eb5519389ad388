using TurtleHarbor.Core.Native;

namespace TurtleHarbor.Tests.Core.Native;

public sealed class MappedFilePagesTests
{
    // Shaped like a real daemon's smaps: th's code, read-only data not touched yet, a RELRO page that ld.so
    // wrote (read-only now, yet a private copy), the writable data, a library, an assembly a JIT runtime
    // mapped (it may unmap it), the heap, the vdso.
    private static readonly string[] Smaps =
    [
        "00400000-00405000 r--p 00000000 fe:00 11755842                           /opt/turtle harbor/th",
        "Size:                 20 kB",
        "Rss:                  20 kB",
        "Anonymous:             0 kB",
        "VmFlags: rd mr mw me dw sd",
        "00405000-00b7a000 r-xp 00005000 fe:00 11755842                           /opt/turtle harbor/th",
        "Size:               7636 kB",
        "Rss:                5868 kB",
        "Anonymous:             0 kB",
        "VmFlags: rd ex mr mw me dw sd",
        "00b7a000-00d39000 r--p 0077a000 fe:00 11755842                           /opt/turtle harbor/th",
        "Rss:                   0 kB",
        "Anonymous:             0 kB",
        "00d39000-00d3a000 r--p 00939000 fe:00 11755842                           /opt/turtle harbor/th",
        "Rss:                   4 kB",
        "Anonymous:             4 kB",
        "0103f000-013eb000 rw-p 00c3f000 fe:00 11755842                           /opt/turtle harbor/th",
        "Rss:                3632 kB",
        "Anonymous:           216 kB",
        "7f0000000000-7f0000100000 r-xp 00000000 fe:00 123                        /usr/lib/libc.so.6 (deleted)",
        "Rss:                1024 kB",
        "Anonymous:             0 kB",
        "7e0000000000-7e0000100000 r--p 00000000 fe:00 456                        /usr/share/dotnet/System.Net.Http.dll",
        "Rss:                 512 kB",
        "Anonymous:             0 kB",
        "7f0000200000-7f0000300000 rw-p 00000000 00:00 0 ",
        "Rss:                1024 kB",
        "Anonymous:          1024 kB",
        "7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0                          [vdso]",
        "Rss:                   8 kB",
        "Anonymous:             0 kB",
    ];

    [Fact]
    public void Only_the_binarys_and_libraries_resident_read_only_mappings_without_a_private_page_are_dropped()
    {
        Assert.Equal(
            [
                new MappedFilePages.Mapping(0x400000, 0x5000, 20 * 1024),
                new MappedFilePages.Mapping(0x405000, 0x775000, 5868 * 1024),
                new MappedFilePages.Mapping(unchecked((nint)0x7f0000000000L), 0x100000, 1024 * 1024),
            ],
            MappedFilePages.Droppable(Smaps, "/opt/turtle harbor/th"));
    }

    [LinuxFact]
    public void The_test_host_reads_its_own_smaps_and_keeps_running_the_code_it_dropped()
    {
        // The runtime's own code is resident while this runs, so there is always something to drop.
        Assert.True(MappedFilePages.Trim() > 0);
        // Code and constants of the host and its libraries, mapped again from the page cache on this call.
        Assert.Equal("7", (3 + 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(MappedFilePages.Trim() > 0);
    }
}
