using TurtleHarbor.Core.Config;
using TurtleHarbor.Core.Errors;

namespace TurtleHarbor.Tests.Core.Config;

public sealed class EnvFileTests
{
    private const string Path = "/project/.env";

    private static string[] Parse(string text) => [.. EnvFile.Parse(text, Path).Select(p => $"{p.Key}={p.Value}")];

    [Fact]
    public void Lines_comments_blanks_and_export_are_understood()
    {
        Assert.Equal(
            ["A=1", "B=two words", "C=", "D=x", "E=http://host/#anchor", "F=value"],
            Parse("""
                # a comment
                A=1

                  B = two words
                C=
                export D=x
                E=http://host/#anchor
                F=value # trailing comment
                """));
    }

    [Fact]
    public void Quoted_values_keep_their_content()
    {
        Assert.Equal(
            ["S=it\"s # literal \\n", "D=line1\nline2 \"q\" \\ $HOME", "U=a\\qb", "T=x"],
            Parse("""
                S='it"s # literal \n'
                D="line1\nline2 \"q\" \\ \$HOME"
                U="a\qb"
                T="x"   # comment after quotes
                """));
    }

    [Fact]
    public void Single_quotes_are_literal()
    {
        Assert.Equal(["A=a \\n \"b\" # c"], Parse("A='a \\n \"b\" # c'"));
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        Assert.Equal(["A=1", "B=2"], Parse("A=1\r\nB=2\r\n"));
    }

    [Fact]
    public void Every_malformed_line_is_reported_with_its_position()
    {
        var error = Assert.Throws<ConfigInvalidException>(() => EnvFile.Parse("""
            GOOD=1
            just some words
            1BAD=x
            Q="unterminated
            R='x' y
            """, Path));

        Assert.Equal(
            [
                "/project/.env:2:6: expected '=' after 'just' (KEY=VALUE)",
                "/project/.env:3:1: expected KEY=VALUE, where KEY is letters, digits and '_' (not starting with a digit)",
                "/project/.env:4:3: unterminated double-quoted value (quotes must close on the same line)",
                "/project/.env:5:7: unexpected text after the closing quote",
            ],
            error.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Load_reads_a_file_and_a_missing_one_is_not_found()
    {
        var dir = ConfigTestFiles.TempDirectory();
        try
        {
            var path = System.IO.Path.Combine(dir, ".env");
            Assert.Throws<ConfigNotFoundException>(() => EnvFile.Load(path));

            File.WriteAllText(path, "A=1\n");
            Assert.Equal([new KeyValuePair<string, string>("A", "1")], EnvFile.Load(path).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
