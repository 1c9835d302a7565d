namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// Why an event could not be decrypted. The protocol carries the upper-case names (matrix-js-sdk's
/// <c>DecryptionFailureCode</c>, e.g. <c>MEGOLM_UNKNOWN_INBOUND_SESSION_ID</c>); drivers of other SDKs map theirs.
/// </summary>
public enum DecryptionFailureCode
{
    /// <summary>A code this harness does not know.</summary>
    UnknownError,

    /// <summary>No megolm session with that id: the room key never arrived.</summary>
    MegolmUnknownInboundSessionId,

    /// <summary>The sender withheld the key.</summary>
    MegolmKeyWithheld,

    /// <summary>The sender withheld the key because this device is unverified.</summary>
    MegolmKeyWithheldForUnverifiedDevice,

    /// <summary>The session is known but not from this message index.</summary>
    OlmUnknownMessageIndex,

    /// <summary>Historical message, no key backup exists.</summary>
    HistoricalMessageNoKeyBackup,

    /// <summary>Historical message, key backup exists but this device cannot use it.</summary>
    HistoricalMessageBackupUnconfigured,

    /// <summary>Historical message, a working backup does not have the key.</summary>
    HistoricalMessageWorkingBackup,

    /// <summary>Historical message sent before the user joined.</summary>
    HistoricalMessageUserNotJoined,

    /// <summary>The sender's identity was verified before and has changed.</summary>
    SenderIdentityPreviouslyVerified,

    /// <summary>The sender's device is not signed by its owner (isolation mode excludes it).</summary>
    UnsignedSenderDevice,

    /// <summary>The sender's device is unknown.</summary>
    UnknownSenderDevice,
}

/// <summary>Conversion between <see cref="DecryptionFailureCode"/> and the protocol's names.</summary>
public static class DecryptionFailureCodes
{
    /// <summary>The code for a protocol name such as <c>MEGOLM_KEY_WITHHELD</c>; unknown names give <see cref="DecryptionFailureCode.UnknownError"/>.</summary>
    public static DecryptionFailureCode Parse(string? name) =>
        name is not null && Enum.TryParse<DecryptionFailureCode>(name.Replace("_", ""), ignoreCase: true, out var code)
            ? code : DecryptionFailureCode.UnknownError;

    /// <summary>The protocol name of a code.</summary>
    public static string ToProtocolName(this DecryptionFailureCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
