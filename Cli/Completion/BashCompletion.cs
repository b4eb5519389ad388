using System.Text;

namespace TurtleHarbor.Cli.Completion;

/// <summary>
/// The bash completion script (also used by zsh through bashcompinit). It walks the words typed so
/// far to find the command, offers its subcommands and options, and for NAME arguments asks
/// <c>th __complete-names</c> (with the -c FILE, --config FILE or --config=FILE given on the line, if any) for the config's script names.
/// </summary>
internal static class BashCompletion
{
    public const string Function = "_th_complete";

    public static string Render(CompletionModel model)
    {
        var text = new StringBuilder();
        text.Append($$"""
            # bash completion for th (Turtle Harbor). Load it with: eval "$(th completion bash)"
            _th_subcommands() {
                case "$1" in

            """);
        foreach (var node in model.Nodes.Where(n => n.Subcommands.Count > 0))
        {
            text.Append($"        \"{node.Path}\") echo \"{string.Join(' ', node.Subcommands.Select(s => s.Name))}\" ;;\n");
        }

        text.Append($$"""
                esac
            }

            {{Function}}() {
                # zsh runs this too (bashcompinit), where path, words and options are special parameters
                # (path is tied to PATH): so the locals are named _th_*.
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="" _th_path="" w i
                local -a config=()
                (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
                for (( i = 1; i < COMP_CWORD; i++ )); do
                    w="${COMP_WORDS[i]}"
                    case "$w" in
                        # bash splits --config=FILE at '=' (COMP_WORDBREAKS) into --config, =, FILE; zsh keeps it whole.
                        -c|--config)
                            if [[ ${COMP_WORDS[i+1]} == = ]]; then config=(--config "${COMP_WORDS[i+2]}"); (( i += 2 ))
                            else config=(--config "${COMP_WORDS[i+1]}"); (( i++ )); fi ;;
                        --config=*) config=(--config "${w#--config=}") ;;

            """);
        var others = model.ValueOptions.Where(o => o.Values is not null).SelectMany(o => o.Names).ToList();
        if (others.Count > 0)
        {
            text.Append($"            {string.Join('|', others)}) (( i++ )) ;;\n");
        }

        text.Append("""
                        -*) ;;
                        *) case " $(_th_subcommands "$_th_path") " in *" $w "*) _th_path="${_th_path:+$_th_path }$w" ;; esac ;;
                    esac
                done
                # The value of --option=VALUE split by bash: complete it as the option's value.
                [[ $prev == = ]] && (( COMP_CWORD >= 2 )) && prev="${COMP_WORDS[COMP_CWORD-2]}"
                case "$prev" in

            """);
        foreach (var option in model.ValueOptions)
        {
            var reply = option.Values is null
                ? "compopt -o filenames 2>/dev/null; COMPREPLY=( $(compgen -f -- \"$cur\") )"
                : $"COMPREPLY=( $(compgen -W \"{string.Join(' ', option.Values)}\" -- \"$cur\") )";
            text.Append($"        {string.Join('|', option.Names)}) {reply}; return ;;\n");
        }

        text.Append("""
                esac
                # Options once a '-' is typed, otherwise subcommands and script names.
                local _th_words="" _th_options="" _th_names=""
                case "$_th_path" in

            """);
        foreach (var node in model.Nodes)
        {
            var words = string.Join(' ', node.Subcommands.Select(s => s.Name));
            var options = string.Join(' ', node.Options);
            text.Append($"        \"{node.Path}\") _th_words=\"{words}\"; _th_options=\"{options}\"{(node.TakesNames ? "; _th_names=1" : "")} ;;\n");
        }

        text.Append($$"""
                esac
                if [[ $cur == -* ]]; then
                    _th_words="$_th_options"
                elif [[ -n $_th_names ]]; then
                    _th_words="$_th_words $("${COMP_WORDS[0]}" {{CompletionModel.NamesCommand}} "${config[@]}" 2>/dev/null)"
                fi
                COMPREPLY=( $(compgen -W "$_th_words" -- "$cur") )
            }

            complete -F {{Function}} th

            """);
        return text.ToString();
    }
}
