namespace Matrix.Complement.Harness.Hunting;

/// <summary>A message in the model: who sent it, when, and who could receive its room key at that moment.</summary>
/// <param name="Index">0 for the first message of the run.</param>
/// <param name="Step">The step that sent it (1 for the first action).</param>
/// <param name="Sender">The sending device (<c>alice#1</c>).</param>
/// <param name="Members">Users joined or invited when it was sent.</param>
/// <param name="Devices">Devices logged in (not logged out) when it was sent.</param>
/// <param name="Unannounced">
/// Devices whose user was invited or had left when they logged in, and has not joined since: servers tell other
/// users about a user's device changes only while they share a room the user has joined, so a sender may not know them.
/// </param>
/// <param name="Unreachable">
/// Devices on the other homeserver that the sender had no Olm session with while it could not claim their one-time
/// keys: federation was partitioned, or its claim for their server had failed in a partition (and is backed off).
/// </param>
public sealed record ModelMessage(int Index, int Step, string Sender, IReadOnlySet<string> Members, IReadOnlySet<string> Devices,
    IReadOnlySet<string> Unannounced, IReadOnlySet<string> Unreachable)
{
    /// <summary>The body the executor sends for this message: unique within a run.</summary>
    public string Body(string runTag) => $"hunt {runTag} m{Index} from {Sender}";
}
