namespace Matrix.Complement.Harness.Clients;

/// <summary>A user's membership of a room, as the spec names it.</summary>
public enum Membership
{
    /// <summary><c>invite</c>.</summary>
    Invite,

    /// <summary><c>join</c>.</summary>
    Join,

    /// <summary><c>leave</c>.</summary>
    Leave,

    /// <summary><c>ban</c>.</summary>
    Ban,

    /// <summary><c>knock</c>.</summary>
    Knock,
}
