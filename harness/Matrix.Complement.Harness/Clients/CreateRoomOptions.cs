namespace Matrix.Complement.Harness.Clients;

/// <summary>How a room is created.</summary>
public sealed record CreateRoomOptions
{
    /// <summary>Whether the room starts with an <c>m.room.encryption</c> state event (megolm). Default true.</summary>
    public bool Encrypted { get; init; } = true;

    /// <summary>Users invited at creation.</summary>
    public IReadOnlyList<string> Invite { get; init; } = [];

    /// <summary>The room's history visibility; the preset's default (<c>shared</c>) when null.</summary>
    public HistoryVisibility? HistoryVisibility { get; init; }

    /// <summary>A room name; scenarios use the test's name so server logs correlate with the test.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The megolm session rotation period in messages (<c>rotation_period_msgs</c> of <c>m.room.encryption</c>);
    /// the SDK's default (100) when null. Only meaningful when <see cref="Encrypted"/>.
    /// </summary>
    public int? RotationPeriodMessages { get; init; }

    /// <summary>
    /// The megolm session rotation period in milliseconds (<c>rotation_period_ms</c> of <c>m.room.encryption</c>);
    /// the SDK's default (one week) when null. Only meaningful when <see cref="Encrypted"/>.
    /// </summary>
    public long? RotationPeriodMs { get; init; }
}
