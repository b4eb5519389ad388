namespace TurtleHarbor.Core.Config;

/// <summary>One KEY=VALUE of an env_file as written; <paramref name="Literal"/> for a single-quoted value, which is not expanded.</summary>
internal sealed record EnvFileEntry(string Key, string Value, bool Literal);
