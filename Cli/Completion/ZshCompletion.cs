namespace TurtleHarbor.Cli.Completion;

/// <summary>
/// zsh: the bash script through zsh's own bash-completion emulation (bashcompinit), so both shells
/// complete the same words from one source.
/// </summary>
internal static class ZshCompletion
{
    public static string Render(CompletionModel model) =>
        """
        # zsh completion for th (Turtle Harbor). Load it with: source <(th completion zsh)
        autoload -U +X compinit && { (( $+functions[compdef] )) || compinit; }
        autoload -U +X bashcompinit && bashcompinit

        """ + BashCompletion.Render(model);
}
