namespace Matrix.Complement.Harness.Configuration;

/// <summary>One documented environment variable of the harness: its name, default and meaning.</summary>
/// <param name="Name">The variable's name, always prefixed <c>MATRIX_COMPLEMENT_</c>.</param>
/// <param name="Default">What applies when it is unset, in words.</param>
/// <param name="Meaning">What it changes.</param>
public sealed record Setting(string Name, string Default, string Meaning)
{
    /// <summary>The variable's value from the process environment, then from the set-up state file.</summary>
    public string? Value => HarnessSettings.Lookup(Name);
}
