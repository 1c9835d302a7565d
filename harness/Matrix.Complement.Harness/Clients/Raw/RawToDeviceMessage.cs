namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>A to-device message a raw device received.</summary>
/// <param name="Type">The event type (the inner type of an Olm-encrypted one).</param>
/// <param name="Sender">The to-device sender.</param>
/// <param name="Encrypted">Whether it came Olm-encrypted.</param>
/// <param name="Content">The (decrypted) content; null when it could not be decrypted.</param>
/// <param name="Rejected">Why the device dropped it (does not decrypt, lies about its sender), or null.</param>
public sealed record RawToDeviceMessage(string Type, string Sender, bool Encrypted, JsonObject? Content, string? Rejected);
