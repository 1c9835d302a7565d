namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// The users of a hunt and their homeservers: Alice (hs1) owns the room, Bob (hs2) starts joined, Charlie (hs1)
/// starts outside the room. Each starts with one device.
/// </summary>
public static class HuntRoster
{
    /// <summary>The room owner: invites everyone, never leaves.</summary>
    public const string Owner = "alice";

    /// <summary>The users, in order.</summary>
    public static IReadOnlyList<string> Users { get; } = ["alice", "bob", "charlie"];

    /// <summary>The users joined to the room before the first action.</summary>
    public static IReadOnlyList<string> InitiallyJoined { get; } = ["alice", "bob"];

    /// <summary>The homeserver a user lives on.</summary>
    public static string HomeserverOf(string user) => user switch
    {
        "alice" => "hs1",
        "bob" => "hs2",
        "charlie" => "hs1",
        _ => throw new ArgumentException($"'{user}' is not a hunt user (they are {string.Join(", ", Users)})."),
    };
}
