using System.Security.Cryptography;
using System.Text;

namespace Matrix.Complement.Harness.Rtc.Sfu;

/// <summary>
/// The names MatrixRTC gives LiveKit rooms and participants (notes/rtc-auth.md §1.2, §1.3, §3.3): the room alias
/// is unpadded base64 of SHA-256 over the JSON array <c>[room_id, slot_id]</c>; the participant identity in
/// sticky (<c>/get_token</c>) mode the same over <c>[user_id, device_id, member_id]</c> (matrix-js-sdk and
/// lk-jwt-service; MSC4195 says <c>[user_id, member_id]</c>), and <c>user:device</c> in legacy mode.
/// </summary>
public static class LiveKitIdentities
{
    /// <summary>The slot id Element Call uses for a room's call.</summary>
    public const string RoomCallSlot = "m.call#ROOM";

    /// <summary>The LiveKit room name of a MatrixRTC slot.</summary>
    public static string RoomAlias(string roomId, string slotId = RoomCallSlot) => Hash(roomId, slotId);

    /// <summary>The participant identity in sticky-event mode, as matrix-js-sdk and lk-jwt-service compute it.</summary>
    public static string ParticipantIdentity(string userId, string deviceId, string memberId) => Hash(userId, deviceId, memberId);

    /// <summary>The participant identity MSC4195 specifies (two values).</summary>
    public static string Msc4195ParticipantIdentity(string userId, string memberId) => Hash(userId, memberId);

    /// <summary>The legacy (<c>/sfu/get</c>) participant identity.</summary>
    public static string LegacyParticipantIdentity(string userId, string deviceId) => $"{userId}:{deviceId}";

    private static string Hash(params string[] values)
    {
        var json = JsonSerializer.Serialize(values, new JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(json))).TrimEnd('=');
    }
}
