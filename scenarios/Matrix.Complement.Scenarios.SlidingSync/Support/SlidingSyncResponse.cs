namespace Matrix.Complement.Scenarios.SlidingSync.Support;

/// <summary>One MSC4186 response, with typed accessors over its JSON.</summary>
public sealed class SlidingSyncResponse(JsonObject json)
{
    /// <summary>The raw body.</summary>
    public JsonObject Json { get; } = json;

    /// <summary>The position to send with the next request.</summary>
    public string Pos => Json["pos"]?.GetValue<string>() ?? throw new InvalidOperationException("response without pos: " + Json);

    /// <summary>Ids of the rooms in this response.</summary>
    public IReadOnlyList<string> RoomIds => Json["rooms"] is JsonObject rooms ? [.. rooms.Select(r => r.Key)] : [];

    /// <summary>A room of this response, or null when the room is absent.</summary>
    public SlidingSyncRoom? Room(string roomId) =>
        Json["rooms"]?[roomId] is JsonObject room ? new SlidingSyncRoom(room) : null;

    /// <summary>The <c>count</c> of list <paramref name="name"/>, or null without it.</summary>
    public int? ListCount(string name) => Json["lists"]?[name]?["count"]?.GetValue<int>();

    /// <summary>An extension's response object, or null.</summary>
    public JsonObject? Extension(string name) => Json["extensions"]?[name] as JsonObject;

    /// <summary>The body, for failure messages (shortened).</summary>
    public override string ToString()
    {
        var text = Json.ToJsonString();
        return text.Length <= 1500 ? text : text[..1500] + "…";
    }
}
