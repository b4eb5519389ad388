using SharpYaml;

namespace TurtleHarbor.Core.Config;

/// <summary>SharpYaml's exception text, for display only: it starts with the positions, which we print our own way.</summary>
internal static class YamlMessages
{
    public static string WithoutPosition(YamlException e)
    {
        var message = e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }
}
