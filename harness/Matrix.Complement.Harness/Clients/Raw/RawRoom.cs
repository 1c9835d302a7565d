namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>What the raw client knows of one room from its sync: memberships, encryption state, undecrypted events.</summary>
internal sealed class RawRoom(string roomId)
{
    /// <summary>The room id.</summary>
    public string RoomId { get; } = roomId;

    /// <summary>Current membership of each user the sync mentioned.</summary>
    public Dictionary<string, Membership> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>m.room.encryption</c> content, when the room is encrypted.</summary>
    public JsonObject? Encryption { get; set; }

    /// <summary>The <c>m.room.history_visibility</c> value.</summary>
    public string? HistoryVisibility { get; set; }

    /// <summary>
    /// Where back-pagination continues (<c>/messages</c> with <c>dir=b</c>): the <c>prev_batch</c> of the first
    /// timeline this device saw for the room, then each page's <c>end</c>. Null before either.
    /// </summary>
    public string? BackToken { get; set; }

    /// <summary>True once back-pagination answered without an <c>end</c>: the start of the room was reached.</summary>
    public bool StartReached { get; set; }

    /// <summary>Encrypted events that did not decrypt yet, by event id: retried when a room key arrives.</summary>
    public Dictionary<string, JsonObject> Undecrypted { get; } = new(StringComparer.Ordinal);

    /// <summary>Applies a state event (from the state block or the timeline).</summary>
    public void Apply(JsonObject ev)
    {
        var type = (string?)ev["type"];
        var stateKey = (string?)ev["state_key"];
        if (stateKey is null) return;
        switch (type)
        {
            case "m.room.member" when ParseMembership((string?)ev["content"]?["membership"]) is { } m:
                Members[stateKey] = m;
                break;
            case "m.room.encryption" when ev["content"] is JsonObject content && content["algorithm"] is not null:
                Encryption = content;
                break;
            case "m.room.history_visibility":
                HistoryVisibility = (string?)ev["content"]?["history_visibility"];
                break;
        }
    }

    /// <summary>The membership named by a spec string, or null for an unknown one.</summary>
    public static Membership? ParseMembership(string? value) => value switch
    {
        "invite" => Membership.Invite,
        "join" => Membership.Join,
        "leave" => Membership.Leave,
        "ban" => Membership.Ban,
        "knock" => Membership.Knock,
        _ => null,
    };
}
