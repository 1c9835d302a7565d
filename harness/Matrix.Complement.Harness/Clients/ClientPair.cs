namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// The two sides of a scenario: Alice's client and Bob's. <see cref="ToString"/> is what every test name carries,
/// e.g. <c>js@hs1|js@hs2</c>.
/// </summary>
public sealed record ClientPair(ClientSpec Alice, ClientSpec Bob)
{
    /// <summary>True when Alice and Bob are on different homeservers (traffic crosses federation).</summary>
    public bool IsFederated => Alice.Homeserver != Bob.Homeserver;

    /// <inheritdoc />
    public override string ToString() => $"{Alice}|{Bob}";
}
