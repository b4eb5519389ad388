namespace TurtleHarbor.Core.Config;

/// <summary>When a script is restarted after it exits (Docker semantics, CONTRACTS.md §2).</summary>
internal enum RestartPolicy
{
    /// <summary><c>never</c>, the default.</summary>
    Never,

    /// <summary><c>on-failure</c>: a non-zero exit or a signal.</summary>
    OnFailure,

    /// <summary><c>always</c>: any exit the user did not ask for.</summary>
    Always,
}
