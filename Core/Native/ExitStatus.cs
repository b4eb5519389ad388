namespace TurtleHarbor.Core.Native;

/// <summary>
/// How a child ended: an exit code, a fatal signal number, or neither when the status was lost
/// (someone else reaped it: ECHILD).
/// </summary>
internal readonly record struct ExitStatus(int? Code, int? SignalNumber)
{
    public static ExitStatus Unknown => default;

    public bool Success => Code == 0;

    /// <summary>
    /// Decodes a waitpid status the way WIFEXITED/WEXITSTATUS/WIFSIGNALED/WTERMSIG do; glibc and
    /// Darwin share the layout (low 7 bits: signal, 0x7f: stopped; bits 8-15: exit code).
    /// </summary>
    public static ExitStatus FromWaitStatus(int status)
    {
        var low = status & 0x7f;
        if (low == 0)
        {
            return new ExitStatus((status >> 8) & 0xff, null);
        }

        return low != 0x7f ? new ExitStatus(null, low) : Unknown;
    }

    /// <summary>"exit code 3", "signal TERM (15)", "unknown (already reaped)".</summary>
    public string Describe()
    {
        if (Code is { } code)
        {
            return $"exit code {code}";
        }

        if (SignalNumber is { } number)
        {
            return SignalNumbers.FromNumber(number) is { } signal
                ? $"signal {SignalNames.ToName(signal)} ({number})"
                : $"signal {number}";
        }

        return "unknown (already reaped)";
    }

    public override string ToString() => Describe();
}
