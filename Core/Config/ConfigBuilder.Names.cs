using System.Text;

namespace TurtleHarbor.Core.Config;

// A script's name becomes its log file's name (CONTRACTS.md §2 and §5): it must fit a file name and stay
// apart from every other name of the file on a case-insensitive file system (APFS).
internal sealed partial class ConfigBuilder
{
    /// <summary>Bytes of UTF-8; with ".log" and rotation's ".N" a name stays far below NAME_MAX (255).</summary>
    public const int MaxScriptNameBytes = 128;

    private void CheckNameAsFileName(string name, SharpYaml.Mark at, Dictionary<string, string> seen)
    {
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxScriptNameBytes)
        {
            problems.Add(at, $"script name '{name[..Math.Min(name.Length, 40)]}...' is {bytes} bytes long; at most {MaxScriptNameBytes} are allowed (it names the log file)");
        }

        if (seen.TryGetValue(name, out var earlier))
        {
            if (!string.Equals(earlier, name, StringComparison.Ordinal))
            {
                problems.Add(at, $"script names '{earlier}' and '{name}' differ only by case; they would share a log file on macOS");
            }
        }
        else
        {
            seen[name] = name;
        }
    }
}
