namespace Matrix.Complement.Scenarios.SlidingSync.Support;

/// <summary>
/// The body of one MSC4186 request, built with typed helpers: lists, room subscriptions and extensions. Each
/// helper returns this request, so a scenario reads as one expression.
/// </summary>
public sealed class SlidingSyncRequest
{
    private readonly JsonObject _lists = [];
    private readonly JsonObject _subscriptions = [];
    private readonly JsonObject _extensions = [];

    /// <summary>All state of a room: <c>["*","*"]</c>.</summary>
    public static readonly (string Type, string StateKey)[] AllState = [("*", "*")];

    /// <summary>
    /// Adds list <paramref name="name"/> (MSC4186 "Lists"): every room of the user when <paramref name="range"/> is
    /// null, else the inclusive window of the rooms ordered by activity.
    /// </summary>
    public SlidingSyncRequest WithList(string name, int timelineLimit, (string Type, string StateKey)[]? requiredState = null,
        (int From, int To)? range = null)
    {
        var list = RoomConfig(timelineLimit, requiredState);
        if (range is { } r) list["ranges"] = new JsonArray(new JsonArray(r.From, r.To));
        _lists[name] = list;
        return this;
    }

    /// <summary>Subscribes to one room by id (MSC4186 "Room subscriptions").</summary>
    public SlidingSyncRequest WithSubscription(string roomId, int timelineLimit, (string Type, string StateKey)[]? requiredState = null)
    {
        _subscriptions[roomId] = RoomConfig(timelineLimit, requiredState);
        return this;
    }

    /// <summary>Enables the <c>to_device</c> extension (MSC3885), acknowledging up to <paramref name="since"/>.</summary>
    public SlidingSyncRequest WithToDevice(string? since = null)
    {
        var config = new JsonObject { ["enabled"] = true };
        if (since is not null) config["since"] = since;
        return WithExtension("to_device", config);
    }

    /// <summary>Enables the <c>e2ee</c> extension (MSC3884).</summary>
    public SlidingSyncRequest WithE2ee() => WithExtension("e2ee", new JsonObject { ["enabled"] = true });

    /// <summary>
    /// Enables a room-scoped extension (<c>account_data</c>, <c>receipts</c>, <c>typing</c>) for every list and
    /// every subscribed room.
    /// </summary>
    public SlidingSyncRequest WithRoomExtension(string name) => WithExtension(name, new JsonObject
    {
        ["enabled"] = true, ["lists"] = new JsonArray("*"), ["rooms"] = new JsonArray("*"),
    });

    /// <summary>Adds an extension with a raw configuration.</summary>
    public SlidingSyncRequest WithExtension(string name, JsonObject config)
    {
        _extensions[name] = config;
        return this;
    }

    /// <summary>The JSON body (a fresh copy each time).</summary>
    public JsonObject ToJson()
    {
        var body = new JsonObject();
        if (_lists.Count > 0) body["lists"] = _lists.DeepClone();
        if (_subscriptions.Count > 0) body["room_subscriptions"] = _subscriptions.DeepClone();
        if (_extensions.Count > 0) body["extensions"] = _extensions.DeepClone();
        return body;
    }

    private static JsonObject RoomConfig(int timelineLimit, (string Type, string StateKey)[]? requiredState)
    {
        var state = new JsonArray();
        foreach (var (type, key) in requiredState ?? []) state.Add(new JsonArray(type, key));
        return new JsonObject { ["timeline_limit"] = timelineLimit, ["required_state"] = state };
    }
}
