namespace Matrix.Complement.Harness.Clients;

/// <summary>One side of a client pair: which SDK, on which homeserver (logical name, e.g. <c>hs1</c>), syncing how.</summary>
/// <param name="Kind">The SDK.</param>
/// <param name="Homeserver">The logical homeserver name the client registers on.</param>
/// <param name="SyncMode">How the client syncs (sync v2 unless the matrix says <c>/sss</c>).</param>
public sealed record ClientSpec(ClientKind Kind, string Homeserver, SyncMode SyncMode = SyncMode.V2)
{
    /// <summary>The same kind on another homeserver.</summary>
    public ClientSpec On(string homeserver) => this with { Homeserver = homeserver };

    /// <summary>The same kind and homeserver, syncing another way.</summary>
    public ClientSpec With(SyncMode syncMode) => this with { SyncMode = syncMode };

    /// <summary>The grammar form, e.g. <c>js@hs1</c> (sync v2) or <c>js/sss@hs2</c> (MSC4186).</summary>
    public override string ToString() => $"{ClientMatrix.ShortName(Kind)}{ClientMatrix.SyncSuffix(SyncMode)}@{Homeserver}";
}
