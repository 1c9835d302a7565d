namespace Matrix.Complement.Harness.Clients;

/// <summary>A key backup a client created, and the recovery key that opens its secret storage.</summary>
/// <param name="Version">The server-side backup version.</param>
/// <param name="RecoveryKey">The recovery key; registered for redaction, never printed.</param>
public sealed record KeyBackup(string Version, RecoveryKey RecoveryKey);

/// <summary>A recovery key (secret storage key, base58 in groups of four). <see cref="ToString"/> never shows it.</summary>
/// <param name="Value">The encoded key, e.g. <c>EsT… …</c>.</param>
public sealed record RecoveryKey(string Value)
{
    /// <inheritdoc />
    public override string ToString() => "RecoveryKey(<redacted>)";
}

/// <summary>What a restore from key backup imported.</summary>
/// <param name="Total">Sessions in the backup.</param>
/// <param name="Imported">Sessions imported into this device.</param>
public sealed record KeyBackupRestore(int Total, int Imported);
