namespace Matrix.Complement.Harness.Clients;

/// <summary>The values of <c>m.room.history_visibility</c>.</summary>
public enum HistoryVisibility
{
    /// <summary><c>world_readable</c>.</summary>
    WorldReadable,

    /// <summary><c>shared</c>.</summary>
    Shared,

    /// <summary><c>invited</c>.</summary>
    Invited,

    /// <summary><c>joined</c>.</summary>
    Joined,
}
