namespace Vodozemac.Net;

/// <summary>The Olm message types, with the numbers used in <c>m.room.encrypted</c> ciphertext maps.</summary>
public enum OlmMessageType
{
    /// <summary>A pre-key message (type 0): carries what the receiver needs to create the inbound session.</summary>
    PreKey = 0,

    /// <summary>A normal message (type 1), once the other side has replied.</summary>
    Normal = 1,
}
