using System.Globalization;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>Reading script logs back in tests: every line's text after the timestamp, and numbered lines.</summary>
internal static class LogFiles
{
    /// <summary>The lines of a log (opened as th opens it: shared, even while written), without their timestamps.</summary>
    public static List<string> Texts(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Texts(stream);
    }

    public static List<string> Texts(Stream stream)
    {
        var lines = new List<string>();
        using var reader = new StreamReader(stream, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line[(line.IndexOf(' ') + 1)..]);
        }

        return lines;
    }

    /// <summary>N of every <c>[stdout] {prefix}N</c> line, in file order.</summary>
    public static List<long> Numbers(IEnumerable<string> texts, string prefix) =>
        [.. texts.Where(t => t.StartsWith("[stdout] " + prefix, StringComparison.Ordinal))
            .Select(t => long.Parse(t[("[stdout] " + prefix).Length..], CultureInfo.InvariantCulture))];

    /// <summary>Asserts that the numbers run from <paramref name="first"/> up by one, with no gap, repeat or disorder.</summary>
    public static void AssertConsecutive(IReadOnlyList<long> numbers, long first, string what)
    {
        Assert.True(numbers.Count > 0, $"{what}: no numbered lines");
        for (var i = 0; i < numbers.Count; i++)
        {
            if (numbers[i] != first + i)
            {
                Assert.Fail($"{what}: line {i} is {numbers[i]}, expected {first + i} (lost or out of order)");
            }
        }
    }
}
