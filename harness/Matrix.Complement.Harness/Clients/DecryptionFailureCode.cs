namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// Why an event could not be decrypted. The protocol carries the upper-case names (matrix-js-sdk's
/// <c>DecryptionFailureCode</c>, e.g. <c>MEGOLM_UNKNOWN_INBOUND_SESSION_ID</c>); drivers of other SDKs map theirs.
/// </summary>
public enum DecryptionFailureCode
{
    /// <summary>The driver said <c>UNKNOWN_ERROR</c>: the SDK gave no reason that maps onto a protocol name.</summary>
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

    /// <summary>
    /// A name this harness does not know (a newer SDK's code, or a driver bug): never equal to an expected code,
    /// so a scenario expecting <see cref="UnknownError"/> does not pass on it by accident.
    /// </summary>
    Unrecognised,
}

/// <summary>Conversion between <see cref="DecryptionFailureCode"/> and the protocol's names.</summary>
public static class DecryptionFailureCodes
{
    /// <summary>
    /// The code for a protocol name such as <c>MEGOLM_KEY_WITHHELD</c>. No name gives
    /// <see cref="DecryptionFailureCode.UnknownError"/> (as <c>UNKNOWN_ERROR</c> does); a name the harness does not
    /// know gives <see cref="DecryptionFailureCode.Unrecognised"/>.
    /// </summary>
    public static DecryptionFailureCode Parse(string? name)
    {
        if (string.IsNullOrEmpty(name)) return DecryptionFailureCode.UnknownError;
        return name.All(c => char.IsAsciiLetter(c) || c == '_') && // MEGOLM_KEY_WITHHELD or MegolmKeyWithheld
               Enum.TryParse<DecryptionFailureCode>(name.Replace("_", ""), ignoreCase: true, out var code) &&
               code != DecryptionFailureCode.Unrecognised
            ? code : DecryptionFailureCode.Unrecognised;
    }

    /// <summary>The protocol name of a code.</summary>
    public static string ToProtocolName(this DecryptionFailureCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
