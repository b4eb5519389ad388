using System.CommandLine;
using System.CommandLine.Completions;

namespace TurtleHarbor.Cli.Completion;

/// <summary>
/// The command tree flattened for completion scripts, read from the real System.CommandLine tree so
/// the scripts never fall behind the commands. A "NAME" argument is a script NAME of the config.
/// </summary>
internal sealed record CompletionModel(IReadOnlyList<CompletionModel.Node> Nodes, IReadOnlyList<CompletionModel.ValueOption> ValueOptions)
{
    public const string NameArgument = "NAME";

    /// <summary>The hidden command the scripts call to list the config's script names, offline.</summary>
    public const string NamesCommand = "__complete-names";

    /// <summary>One command: its path from the root ("" for th itself, "daemon stop"), what may follow it.</summary>
    public sealed record Node(string Path, string Description, IReadOnlyList<(string Name, string Description)> Subcommands, IReadOnlyList<string> Options, bool TakesNames);

    /// <summary>An option that takes a value, and the values to offer (empty: any; null: a file).</summary>
    public sealed record ValueOption(IReadOnlyList<string> Names, IReadOnlyList<string>? Values);

    public static CompletionModel From(RootCommand root)
    {
        var nodes = new List<Node>();
        var valueOptions = new Dictionary<string, ValueOption>(StringComparer.Ordinal);
        Walk(root, "", [], nodes, valueOptions);
        return new CompletionModel(nodes, [.. valueOptions.Values]);
    }

    public Node? Find(string path) => Nodes.FirstOrDefault(n => n.Path == path);

    private static void Walk(Command command, string path, IReadOnlyList<Option> inherited, List<Node> nodes, Dictionary<string, ValueOption> valueOptions)
    {
        var options = inherited.Concat(command.Options.Where(o => !o.Hidden)).ToList();
        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();
        nodes.Add(new Node(
            path,
            command.Description ?? "",
            [.. subcommands.Select(c => (c.Name, c.Description ?? "")), .. ArgumentValues(command)],
            [.. options.SelectMany(Names).Distinct()],
            command.Arguments.Any(a => a.Name == NameArgument)));
        foreach (var option in options.Where(TakesValue))
        {
            var names = Names(option).ToList();
            valueOptions.TryAdd(names[0], new ValueOption(names, Values(option)));
        }

        var passedOn = inherited.Concat(command.Options.Where(o => o.Recursive && !o.Hidden)).ToList();
        foreach (var subcommand in subcommands)
        {
            Walk(subcommand, path.Length == 0 ? subcommand.Name : $"{path} {subcommand.Name}", passedOn, nodes, valueOptions);
        }
    }

    // Only the POSIX spellings: System.CommandLine's "-?" and "/h" would be globs in a shell pattern.
    private static IEnumerable<string> Names(Option option) =>
        new[] { option.Name }.Concat(option.Aliases.Order(StringComparer.Ordinal)).Where(n => n.Length > 1 && n[0] == '-' && char.IsAsciiLetter(n[^1]));

    // Fixed values of other arguments (th completion bash|zsh|fish) complete like subcommands.
    private static IEnumerable<(string, string)> ArgumentValues(Command command) =>
        command.Arguments.Where(a => a.Name != NameArgument && !a.Hidden)
            .SelectMany(a => a.GetCompletions(CompletionContext.Empty))
            .Select(c => (c.Label, c.Detail ?? ""));

    private static bool TakesValue(Option option) => option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);

    private static IReadOnlyList<string>? Values(Option option) => option.Name == "--config"
        ? null
        : [.. option.GetCompletions(CompletionContext.Empty).Select(c => c.Label)];
}
