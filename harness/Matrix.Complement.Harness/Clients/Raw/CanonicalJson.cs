using System.Text.Encodings.Web;

namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>
/// Matrix canonical JSON (object keys sorted by code point, no insignificant whitespace, UTF-8 left unescaped) and the
/// signed-JSON rules built on it: what is signed is the object without <c>signatures</c> and <c>unsigned</c>.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The canonical form of <paramref name="node"/> (<c>null</c> for a null node).</summary>
    public static string Of(JsonNode? node) => Sorted(node)?.ToJsonString(Options) ?? "null";

    /// <summary>The canonical form of what a signature of <paramref name="value"/> covers (no <c>signatures</c>, no <c>unsigned</c>).</summary>
    public static string SigningInput(JsonObject value)
    {
        var copy = value.DeepClone().AsObject();
        copy.Remove("signatures");
        copy.Remove("unsigned");
        return Of(copy);
    }

    /// <summary>
    /// Adds <paramref name="userId"/>'s signature under <c>ed25519:<paramref name="keyId"/></c> to
    /// <paramref name="value"/> (keeping the signatures already there) and returns it.
    /// </summary>
    public static JsonObject Sign(JsonObject value, string userId, string keyId, Func<string, string> sign)
    {
        var signature = sign(SigningInput(value));
        if (value["signatures"] is not JsonObject signatures) value["signatures"] = signatures = [];
        if (signatures[userId] is not JsonObject mine) signatures[userId] = mine = [];
        mine[$"ed25519:{keyId}"] = signature;
        return value;
    }

    /// <summary>
    /// True when <paramref name="value"/> carries a valid signature by <paramref name="userId"/> under
    /// <c>ed25519:<paramref name="keyId"/></c> from the Ed25519 key <paramref name="publicKey"/> (base64).
    /// A missing or undecodable signature is false.
    /// </summary>
    public static bool HasValidSignature(JsonObject value, string userId, string keyId, string publicKey)
    {
        if (value["signatures"]?[userId]?[$"ed25519:{keyId}"]?.GetValue<string>() is not { } signature) return false;
        try
        {
            return Vodozemac.Net.Ed25519.Verify(publicKey, SigningInput(value), signature);
        }
        catch (Vodozemac.Net.VodozemacException)
        {
            return false;
        }
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
