namespace Matrix.Complement.Scenarios.Adversarial.Interop;

/// <summary>
/// Interop between the raw device (vodozemac, written by the harness) and each SDK kind of the client matrix, in
/// both directions, on one server and over federation: room keys cross over Olm (a pre-key message from each side),
/// messages over Megolm, and neither side shows a UTD.
/// </summary>
[TestFixtureSource(nameof(Pairs))]
public sealed class RawInterop(ClientPair clients) : ScenarioTest
{
    /// <summary>raw→sdk and sdk→raw, on hs1 and from hs1 to hs2, for each SDK kind and sync mode of the matrix.</summary>
    public static IEnumerable<ClientPair> Pairs => RawClient.IsAvailable
        ? ClientMatrix.KindsAndSyncModes.Where(s => s.Kind != ClientKind.Raw).SelectMany(sdk => new[]
        {
            new ClientPair(new ClientSpec(ClientKind.Raw, "hs1"), sdk.On("hs1")),
            new ClientPair(sdk.On("hs1"), new ClientSpec(ClientKind.Raw, "hs1")),
            new ClientPair(new ClientSpec(ClientKind.Raw, "hs1"), sdk.On("hs2")),
            new ClientPair(sdk.On("hs1"), new ClientSpec(ClientKind.Raw, "hs2")),
        })
        : [];

    /// <summary>
    /// Alice creates the room and invites Bob; Bob joins. Alice sends (her room key reaches Bob over a new Olm
    /// session), Bob replies (his room key reaches Alice over another), Alice sends once more after Bob's reply. Each
    /// side decrypts every message of the other: zero UTDs.
    /// </summary>
    [Scenario, Spec("client-server-api/#end-to-end-encryption"), CancelAfter(150_000)]
    public async Task Megolm_and_olm_cross_between_the_raw_device_and_the_sdk_both_ways(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        var options = new ClientOptions { Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };
        await using var alice = await ClientFactory.LoginAsync(deployment, "alice", clients.Alice, options, ct);
        await using var bob = await ClientFactory.LoginAsync(deployment, "bob", clients.Bob, options, ct);
        var room = await alice.CreateRoomAsync(new CreateRoomOptions { Invite = [bob.UserId], Name = TestContext.CurrentContext.Test.Name }, ct);
        await bob.WaitForMembershipAsync(room, bob.UserId, Membership.Invite, ct: ct);
        await bob.JoinAsync(room, [alice.Homeserver], ct);
        await alice.WaitForMembershipAsync(room, bob.UserId, Membership.Join, ct: ct);

        // When
        var first = await alice.SendTextMessagesAsync(room, 2, "interop first", ct);
        await bob.WaitForDecryptedAsync(room, first, ct: ct);
        var reply = await bob.SendTextMessagesAsync(room, 2, "interop reply", ct);
        await alice.WaitForDecryptedAsync(room, reply, ct: ct);
        var again = await alice.SendTextMessagesAsync(room, 1, "interop again", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, again, ct: ct);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    /// <summary>
    /// The raw device shares a room with the SDK client (which then tracks its device list), bootstraps
    /// cross-signing and signs itself; the SDK client then sees it as signed by its owner
    /// (what MSC4153's "only cross-signed devices" mode requires), and not verified (nobody verified the user).
    /// </summary>
    [Scenario, Spec("client-server-api/#cross-signing"), CancelAfter(150_000)]
    public async Task A_cross_signed_raw_device_is_seen_by_the_sdk_as_signed_by_its_owner(CancellationToken ct)
    {
        // Given
        var (rawSpec, sdkSpec) = clients.Alice.Kind == ClientKind.Raw ? (clients.Alice, clients.Bob) : (clients.Bob, clients.Alice);
        var deployment = await DeploymentAsync(ct);
        var options = new ClientOptions { Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };
        await using var raw = await RawClient.LoginAsync(deployment, "alice", rawSpec.Homeserver, options: options, ct: ct);
        await using var sdk = await ClientFactory.LoginAsync(deployment, "bob", sdkSpec, options, ct);
        Require.Feature(ClientFeature.CrossSigning, sdk);
        var room = await raw.CreateRoomAsync(new CreateRoomOptions { Invite = [sdk.UserId], Name = TestContext.CurrentContext.Test.Name }, ct);
        await sdk.WaitForMembershipAsync(room, sdk.UserId, Membership.Invite, ct: ct);
        await sdk.JoinAsync(room, [raw.Homeserver], ct);
        await sdk.WaitForDeviceAsync(raw.UserId, raw.DeviceId, ct: ct);

        // When
        await raw.BootstrapCrossSigningAsync(ct);

        // Then
        var status = await sdk.WaitForDeviceVerificationStatusAsync(raw.UserId, raw.DeviceId, s => s.SignedByOwner,
            "signed by its owner's cross-signing identity", ct: ct);
        Assert.That(status.Verified, Is.False, $"{sdk} verified {raw} though nobody verified {raw.UserId}: {status}");
    }
}
