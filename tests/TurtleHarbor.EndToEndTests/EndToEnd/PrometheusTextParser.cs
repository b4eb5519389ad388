using System.Globalization;
using System.Text.RegularExpressions;

namespace TurtleHarbor.Tests.EndToEnd;

/// <summary>
/// A strict reader of Prometheus's text exposition format 0.0.4 (promtool is not installable here):
/// every metric has one HELP and one TYPE line before its samples, names and labels follow the format's
/// grammar, label values use only its three escapes, and every value parses as a float.
/// </summary>
public static partial class PrometheusTextParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Exposition(IReadOnlyDictionary<string, string> Types, IReadOnlyDictionary<string, string> Help, IReadOnlyList<Sample> Samples)
    {
        public double Value(string name, params (string Key, string Value)[] labels) =>
            Assert.Single(Samples, s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Value;
    }

    public static Exposition Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var types = new Dictionary<string, string>();
        var help = new Dictionary<string, string>();
        var samples = new List<Sample>();
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var parts = line["# HELP ".Length..].Split(' ', 2);
                Assert.Matches(MetricName(), parts[0]);
                Assert.True(help.TryAdd(parts[0], parts.Length > 1 ? parts[1] : ""), $"second HELP for {parts[0]}");
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.Contains(parts[1], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.False(samples.Any(s => s.Name == parts[0]), $"TYPE of {parts[0]} after its samples");
                Assert.True(types.TryAdd(parts[0], parts[1]), $"second TYPE for {parts[0]}");
                continue;
            }

            Assert.False(line.StartsWith('#'), $"unknown comment line: {line}");
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var name = match.Groups["name"].Value;
            Assert.True(types.ContainsKey(name), $"sample of {name} before its TYPE");
            var labels = new Dictionary<string, string>();
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                Assert.True(labels.TryAdd(label.Groups["key"].Value, Unescape(label.Groups["value"].Value)), $"label repeated in {line}");
            }

            var value = match.Groups["value"].Value;
            Assert.True(
                double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || value is "NaN" or "+Inf" or "-Inf",
                $"not a float: {value}");
            samples.Add(new Sample(name, labels, number));
        }

        Assert.Equal(types.Keys.Order(), help.Keys.Order());
        return new Exposition(types, help, samples);
    }

    private static string Unescape(string value) => EscapeSequence().Replace(value, m => m.Value[1] switch
    {
        'n' => "\n",
        var c => c.ToString(),
    });

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,(?!\}))?)*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\\n]|\\[\\""n])*)""")]
    private static partial Regex Label();

    [GeneratedRegex("""\\[\\"n]""")]
    private static partial Regex EscapeSequence();
}
