namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>
/// A Megolm room key this raw device received over Olm (<c>m.room_key</c>), with who sent it. Kept verbatim, so the
/// adversarial operations can hand it on (re-share, forward) as a misbehaving device would.
/// </summary>
/// <param name="RoomId">The room the key is for.</param>
/// <param name="SessionId">The Megolm session id.</param>
/// <param name="SessionKey">The signed session key exactly as received (base64).</param>
/// <param name="SenderUserId">The user whose device sent it (the to-device sender).</param>
/// <param name="SenderCurve25519">The Curve25519 key of the Olm session it came over.</param>
/// <param name="SenderEd25519">The Ed25519 key the Olm payload claimed (<c>keys.ed25519</c>).</param>
public sealed record RawRoomKey(string RoomId, string SessionId, string SessionKey, string SenderUserId,
    string SenderCurve25519, string SenderEd25519);
