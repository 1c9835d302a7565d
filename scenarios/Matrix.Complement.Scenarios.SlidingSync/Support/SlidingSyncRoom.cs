namespace Matrix.Complement.Scenarios.SlidingSync.Support;

/// <summary>One room of an MSC4186 response.</summary>
public sealed class SlidingSyncRoom(JsonObject json)
{
    /// <summary>The raw room object.</summary>
    public JsonObject Json { get; } = json;

    /// <summary>The timeline events, oldest first.</summary>
    public IReadOnlyList<JsonObject> Timeline => Events("timeline");

    /// <summary>The state events the request's <c>required_state</c> selected.</summary>
    public IReadOnlyList<JsonObject> RequiredState => Events("required_state");

    /// <summary>Stripped state of an invite (<c>invite_state</c>).</summary>
    public IReadOnlyList<JsonObject> InviteState => Events("invite_state");

    /// <summary>Whether the timeline was cut by <c>timeline_limit</c> (<c>limited</c>); null when absent.</summary>
    public bool? Limited => Json["limited"]?.GetValue<bool>();

    /// <summary>Whether this is the first time the room is sent on this connection (<c>initial</c>).</summary>
    public bool Initial => Json["initial"]?.GetValue<bool>() ?? false;

    /// <summary>The timeline's event ids, oldest first.</summary>
    public IReadOnlyList<string> TimelineIds => [.. Timeline.Select(e => e["event_id"]?.GetValue<string>() ?? "")];

    /// <summary><c>type|state_key</c> of every required-state event.</summary>
    public IReadOnlyList<string> StateKeys =>
        [.. RequiredState.Select(e => $"{e["type"]?.GetValue<string>()}|{e["state_key"]?.GetValue<string>()}")];

    /// <summary>The membership a timeline event of <paramref name="userId"/> sets, latest first found, or null.</summary>
    public string? TimelineMembershipOf(string userId) => Timeline
        .LastOrDefault(e => e["type"]?.GetValue<string>() == "m.room.member" && e["state_key"]?.GetValue<string>() == userId)
        ?["content"]?["membership"]?.GetValue<string>();

    private IReadOnlyList<JsonObject> Events(string field) =>
        Json[field] is JsonArray array ? [.. array.OfType<JsonObject>()] : [];
}
