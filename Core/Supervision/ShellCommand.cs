namespace TurtleHarbor.Core.Supervision;

/// <summary>
/// How a script's <c>command</c> is run: always by <c>/bin/sh -c</c>, and when it is one simple
/// command (words and quotes only) with <c>exec</c> in front, so the shell replaces itself with the
/// program. The pid th reports is then the program's on every OS (dash keeps the shell as a parent,
/// bash and macOS's sh exec the last command on their own), and the program's own exit is the one
/// recorded. The shell still does the word splitting, quote removal and PATH search, so a command
/// means exactly what it meant before, and a missing program still fails with the shell's message
/// and exit code 127.
/// </summary>
/// <remarks>
/// The classifier is deliberately conservative: anything it does not recognise as plain words and
/// quotes stays as written. Rules follow POSIX "Shell Command Language" (2.2 Quoting, 2.4 Reserved
/// Words, 2.9.1 Simple Commands, 2.14 Special Built-In Utilities).
/// </remarks>
internal static class ShellCommand
{
    /// <summary>The shell every command runs under.</summary>
    public const string Shell = "/bin/sh";

    // Unquoted, each of these starts some shell syntax (operators, redirections, expansions,
    // globbing, brace groups, tilde expansion, comments), so the command is not one simple command.
    private const string ShellSyntax = "|&;<>()$`*?[]{}~#";

    // Reserved words and builtins: `exec` in front of them fails or changes what they mean
    // (`exec cd /x`, `exec exit 3`, `exec if ...`). Commands that also exist as programs (echo,
    // test, true, kill, printf, pwd) are kept too: in the shell they are its builtins.
    private static readonly HashSet<string> Builtins = new(StringComparer.Ordinal)
    {
        // 2.4 reserved words, plus bash's and zsh's.
        "!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until", "while",
        "[[", "]]", "function", "select", "time", "coproc",
        // 2.14 special built-ins.
        "break", ":", "continue", ".", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift", "times", "trap", "unset",
        // Regular built-ins of dash, bash and zsh.
        "alias", "bg", "cd", "command", "false", "fc", "fg", "getopts", "hash", "jobs", "kill", "newgrp", "pwd", "read", "true",
        "type", "ulimit", "umask", "unalias", "wait", "echo", "printf", "test", "[", "local", "source", "let", "declare",
        "typeset", "builtin", "enable", "shopt", "disown", "suspend", "logout", "history", "mapfile", "readarray",
    };

    /// <summary>The argv for posix_spawn of <see cref="Shell"/>: <c>sh -c 'exec COMMAND'</c> for a simple command, else <c>sh -c COMMAND</c>.</summary>
    public static System.Collections.Immutable.ImmutableArray<string> Arguments(string command) =>
        ["sh", "-c", IsSimple(command) ? "exec " + command : command];

    /// <summary>
    /// Whether <paramref name="command"/> is one simple command made of words and quotes only: no
    /// unquoted shell syntax (<c>|&amp;;&lt;&gt;()$`*?[]{}~#</c>), no newline, no expansion inside
    /// double quotes, no leading assignment (<c>A=b cmd</c>), no reserved word or builtin as its
    /// first word, no unterminated quote. Backslash escapes outside single quotes are words.
    /// </summary>
    public static bool IsSimple(string command)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        // Where in the first word an unquoted '=' appeared, for the assignment check.
        var firstWordEquals = -1;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    continue;
                case '\n' or '\r' or '\0':
                    return false;
                case '\'':
                    var close = command.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return false;
                    }

                    word.Append(command, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    if (!ReadDoubleQuoted(command, ref i, word))
                    {
                        return false;
                    }

                    break;
                case '\\':
                    if (i + 1 >= command.Length || command[i + 1] is '\n' or '\r')
                    {
                        return false;
                    }

                    word.Append(command[++i]);
                    break;
                default:
                    if (ShellSyntax.Contains(c))
                    {
                        return false;
                    }

                    if (c == '=' && words.Count == 0 && firstWordEquals < 0)
                    {
                        firstWordEquals = word.Length;
                    }

                    word.Append(c);
                    break;
            }

            inWord = true;
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        if (words.Count == 0)
        {
            return false;
        }

        var first = words[0];
        if (firstWordEquals > 0 && IsName(first.AsSpan(0, firstWordEquals)))
        {
            // NAME=value first: an assignment (`A=b cmd`), which exec would not apply the same way.
            return false;
        }

        // Compared unquoted: a quoted first word is no reserved word, but 'cd' still names the builtin.
        return first.Length > 0 && !first.StartsWith('-') && !Builtins.Contains(first);
    }

    /// <summary>Reads a double-quoted string starting at <paramref name="i"/>; false on an expansion or an unterminated quote.</summary>
    private static bool ReadDoubleQuoted(string command, ref int i, System.Text.StringBuilder word)
    {
        for (var j = i + 1; j < command.Length; j++)
        {
            var c = command[j];
            switch (c)
            {
                case '"':
                    i = j;
                    return true;
                case '$' or '`' or '\n' or '\r' or '\0':
                    return false;
                case '\\' when j + 1 < command.Length && command[j + 1] is '"' or '\\' or '$' or '`':
                    word.Append(command[++j]);
                    break;
                case '\\' when j + 1 < command.Length && command[j + 1] is '\n' or '\r':
                    return false;
                default:
                    word.Append(c);
                    break;
            }
        }

        return false;
    }

    /// <summary>A shell variable name: a letter or underscore, then letters, digits and underscores.</summary>
    private static bool IsName(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
