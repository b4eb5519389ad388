namespace TurtleHarbor.Ipc.Protocol;

/// <summary>
/// Everything a client can ask of the daemon. The "type" discriminator (see <see cref="MessageCatalog"/>) names the message on the
/// wire; <see cref="Protocol"/> lets a newer daemon answer an older client it still understands.
/// </summary>
internal abstract record Request
{
    public int Protocol { get; init; } = ProtocolVersion.Current;

    /// <summary>
    /// Asks the daemon to answer <see cref="ReceivedResponse"/> as soon as it has read this request whole, before it
    /// carries it out (a daemon that cannot write the receipt does not carry it out). A client sets it on a change,
    /// and only to a daemon whose <see cref="PongResponse.Receipts"/> says it honours it (an older daemon ignores the
    /// field), so that when the connection is lost it can tell "never read: safe to ask again" from "may have been
    /// done". Left out of the frame when false, so requests without it are the bytes they always were.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Receipt { get; init; }
}

internal sealed record PingRequest : Request;

/// <summary>
/// Registers (or re-reads) the config and starts the named scripts, all when <see cref="Names"/> is empty, with what they
/// depend on; <see cref="NoDeps"/>: only the named ones, without waiting for their <c>depends_on</c>.
/// </summary>
/// <param name="RefuseEmptied">
/// Set by <c>th up</c> without names or <c>--force</c>: when the file has no scripts left while the daemon still knows
/// scripts of that config, nothing is done and the answer is the <see cref="ReloadResponse"/> dry run that lists them,
/// so the client can refuse (one request, one read of the file, instead of a dry run before every up).
/// </param>
internal sealed record UpRequest(string ConfigPath, IReadOnlyList<string> Names, bool NoDeps = false, bool RefuseEmptied = false) : Request;

internal sealed record DownRequest(string ConfigPath, IReadOnlyList<string> Names) : Request;

internal sealed record RestartRequest(string ConfigPath, IReadOnlyList<string> Names) : Request;

/// <summary><c>th reload</c>: re-read the config and apply what changed (only say what would change with <see cref="DryRun"/>).</summary>
/// <param name="RefuseEmptied">
/// Set by <c>th reload</c> without <c>--force</c>: when the file has no scripts left while the daemon still knows scripts
/// of that config, nothing is done and the answer is the dry run that lists them, so the client can refuse (one request,
/// one read of the file, as <see cref="UpRequest.RefuseEmptied"/>).
/// </param>
internal sealed record ReloadRequest(string ConfigPath, bool DryRun, bool RefuseEmptied = false) : Request;

/// <summary><c>th ps</c>: this config's scripts, or every config's with <see cref="All"/>.</summary>
internal sealed record StatusRequest(string? ConfigPath, bool All) : Request;

/// <summary>The last <see cref="Lines"/> lines of one script (or of all of the config when Name is null); <see cref="Follow"/> turns the connection into a stream.</summary>
internal sealed record LogsRequest(string ConfigPath, string? Name, int Lines, bool Follow) : Request;

internal sealed record RunRequest(string ConfigPath, string Name) : Request;

internal sealed record DaemonStatusRequest : Request;

/// <summary><c>th history</c>: recent runs of this config's scripts, or of the one named.</summary>
internal sealed record HistoryRequest(string ConfigPath, string? Name) : Request;

internal sealed record DaemonStopRequest : Request;

/// <summary>
/// <c>th kill</c>: send <see cref="Signal"/> to each named script's process group (all scripts when
/// <see cref="Names"/> is empty), or with <see cref="Main"/> to its main process only. Answered
/// with an <see cref="OutcomesResponse"/>.
/// </summary>
internal sealed record KillRequest(
    string ConfigPath,
    IReadOnlyList<string> Names,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(Core.Serialization.SnakeCaseEnumConverter<Core.Native.Signal>))] Core.Native.Signal Signal,
    bool Main) : Request;
