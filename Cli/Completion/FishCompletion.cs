using System.Text;

namespace TurtleHarbor.Cli.Completion;

/// <summary>The fish completion script: one <c>complete</c> line per subcommand and option, names from th __complete-names.</summary>
internal static class FishCompletion
{
    public static string Render(CompletionModel model)
    {
        var text = new StringBuilder();
        text.Append("""
            # fish completion for th (Turtle Harbor). Load it with: th completion fish | source
            function __th_subcommands
                switch "$argv[1]"

            """);
        foreach (var node in model.Nodes.Where(n => n.Subcommands.Count > 0))
        {
            text.Append($"        case '{Key(node.Path)}'\n            echo {string.Join(' ', node.Subcommands.Select(s => s.Name))}\n");
        }

        var skipped = model.ValueOptions.SelectMany(o => o.Names).ToList();
        text.Append($$"""
                end
            end

            # The command typed so far ("th", "th daemon stop"), skipping options and their values.
            function __th_path
                set -l tokens (commandline -opc)
                set -e tokens[1]
                set -l path th
                set -l skip 0
                for t in $tokens
                    if test $skip -eq 1
                        set skip 0
                        continue
                    end
                    switch $t
                        case {{string.Join(' ', skipped)}}
                            set skip 1
                        case '-*'
                        case '*'
                            if contains -- $t (string split ' ' -- (__th_subcommands "$path"))
                                set path "$path $t"
                            end
                    end
                end
                echo $path
            end

            # -c FILE, --config FILE or --config=FILE as typed on the line, passed on to th __complete-names.
            function __th_config
                set -l tokens (commandline -opc)
                for i in (seq (count $tokens))
                    if contains -- $tokens[$i] -c --config; and test $i -lt (count $tokens)
                        echo --config
                        echo $tokens[(math $i + 1)]
                    else if string match -q -- '--config=*' $tokens[$i]
                        echo --config
                        string replace -- '--config=' '' $tokens[$i]
                    end
                end
            end

            complete -c th -f

            """);
        foreach (var node in model.Nodes)
        {
            var condition = $"test (__th_path) = '{Key(node.Path)}'";
            foreach (var (name, description) in node.Subcommands)
            {
                text.Append($"complete -c th -n \"{condition}\" -a {name} -d '{Quote(description)}'\n");
            }

            foreach (var option in node.Options)
            {
                var flag = option.StartsWith("--", StringComparison.Ordinal) ? $"-l {option[2..]}" : $"-s {option[1..]}";
                text.Append($"complete -c th -n \"{condition}\" {flag}{Argument(model, option)}\n");
            }

            if (node.TakesNames)
            {
                text.Append($"complete -c th -n \"{condition}\" -a '(th {CompletionModel.NamesCommand} (__th_config))'\n");
            }
        }

        return text.ToString();
    }

    private static string Argument(CompletionModel model, string option)
    {
        var value = model.ValueOptions.FirstOrDefault(v => v.Names.Contains(option));
        return value is null ? ""
            : value.Values is null ? " -r -F"
            : $" -x -a '{string.Join(' ', value.Values)}'";
    }

    private static string Key(string path) => path.Length == 0 ? "th" : $"th {path}";

    private static string Quote(string text) => text.Replace("\\", "\\\\").Replace("'", "\\'");
}
