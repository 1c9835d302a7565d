namespace Matrix.Complement.Harness.Clients;

/// <summary>Where an event stands in the client's view.</summary>
public enum DecryptionState
{
    /// <summary>Sent in the clear.</summary>
    Plain,

    /// <summary>Encrypted, decryption not finished yet.</summary>
    Pending,

    /// <summary>Encrypted and decrypted.</summary>
    Decrypted,

    /// <summary>Encrypted and undecryptable (a UTD) so far; see <see cref="TimelineEvent.FailureCode"/>.</summary>
    Failed,
}
