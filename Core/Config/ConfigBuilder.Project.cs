using SharpYaml.Model;

namespace TurtleHarbor.Core.Config;

// settings.project: named like a compose project (compose spec, "name" top-level element).
internal sealed partial class ConfigBuilder
{
    private const int MaxProjectNameLength = 64;

    private string? BuildProject(YamlElement? element)
    {
        var text = _values.Text(element, "project");
        if (text is null)
        {
            return null;
        }

        if (!IsProjectName(text))
        {
            problems.Add(
                YamlValueReader.StartOf(element!),
                $"project name '{text}' must use only lowercase letters, digits, '-' and '_', start with a letter or digit, and be at most {MaxProjectNameLength} characters");
            return null;
        }

        return text;
    }

    private static bool IsProjectName(string text) =>
        text.Length is > 0 and <= MaxProjectNameLength
        && (char.IsAsciiLetterLower(text[0]) || char.IsAsciiDigit(text[0]))
        && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
