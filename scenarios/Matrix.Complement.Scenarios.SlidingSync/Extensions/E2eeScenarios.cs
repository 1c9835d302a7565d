namespace Matrix.Complement.Scenarios.SlidingSync.Extensions;

/// <summary>
/// MSC4186 §Extensions, <c>e2ee</c> (MSC3884): the device's one-time key counts, its unused fallback key types,
/// and the users whose device lists changed or who no longer share a room, on one server and across federation.
/// </summary>
[Msc(4186), Msc(3884)]
public sealed class E2eeScenarios : SlidingSyncScenario
{
    /// <summary>
    /// MSC3884 (<c>device_one_time_keys_count</c>): after Alice uploads three signed curve25519 one-time keys the
    /// count is 3; after Bob claims one it is 2.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task One_time_key_counts_follow_uploads_and_claims(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct);
        var request = new SlidingSyncRequest().WithE2ee();

        // When
        await alice.UploadOneTimeKeysAsync(3, ct);
        var uploaded = await alice.Sync.SyncAsync(request, ct: ct);
        await bob.ClaimOneTimeKeyAsync(alice, ct);
        var claimed = await alice.Sync.SyncAsync(request, ct: ct);

        // Then
        Assert.That(OneTimeKeyCount(uploaded), Is.EqualTo(3), uploaded.ToString());
        Assert.That(OneTimeKeyCount(claimed), Is.EqualTo(2), claimed.ToString());
    }

    /// <summary>
    /// MSC3884 (<c>device_unused_fallback_key_types</c>): empty before Alice uploads a fallback key, and listing
    /// <c>signed_curve25519</c> after.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task Unused_fallback_key_types_list_an_uploaded_fallback_key(CancellationToken ct)
    {
        // Given
        var alice = await RegisterAsync("alice", ct);
        var request = new SlidingSyncRequest().WithE2ee();
        var before = await alice.Sync.SyncAsync(request, ct: ct);

        // When
        await alice.UploadFallbackKeyAsync(ct);
        var after = await alice.Sync.SyncAsync(request, ct: ct);

        // Then
        Assert.That(FallbackTypes(before), Is.Empty, before.ToString());
        Assert.That(FallbackTypes(after), Is.EqualTo(new[] { "signed_curve25519" }), after.ToString());
    }

    /// <summary>
    /// MSC3884 (<c>device_lists.changed</c>): Bob, who shares a room with Alice, adds a device with keys; Alice's next
    /// response lists Bob as changed.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_new_device_of_a_room_member_is_listed_as_changed(CancellationToken ct)
    {
        // Given
        var (alice, bob, _, pos) = await SharedRoomAsync("hs1", ct);

        // When
        var bob2 = await LoginNewDeviceAsync(bob, ct);
        await bob2.UploadDeviceKeysAsync(ct);

        // Then
        await alice.Sync.WaitForAsync(new SlidingSyncRequest().WithE2ee(), pos, "bob in device_lists.changed",
            r => DeviceList(r, "changed").Contains(bob.UserId) ? null : "bob not changed", Delivery, ct);
    }

    /// <summary>
    /// MSC3884 (<c>device_lists.left</c>): Bob leaves the only room he shares with Alice; Alice's next response lists
    /// Bob as left.
    /// </summary>
    [Scenario, CancelAfter(30_000)]
    public async Task A_user_who_no_longer_shares_a_room_is_listed_as_left(CancellationToken ct)
    {
        // Given
        var (alice, bob, room, pos) = await SharedRoomAsync("hs1", ct);

        // When
        await bob.LeaveAsync(room, ct);

        // Then
        await alice.Sync.WaitForAsync(new SlidingSyncRequest().WithE2ee(), pos, "bob in device_lists.left",
            r => DeviceList(r, "left").Contains(bob.UserId) ? null : "bob not left", Delivery, ct);
    }

    /// <summary>
    /// MSC3884 across federation (<c>device_lists.changed</c>): Bob on hs2 shares a room on hs1 with Alice and adds
    /// a device with keys; Alice's connection on hs1 lists Bob as changed.
    /// </summary>
    [Scenario, CancelAfter(60_000)]
    public async Task A_new_device_of_a_member_on_another_server_is_listed_as_changed(CancellationToken ct)
    {
        // Given
        var (alice, bob, _, pos) = await SharedRoomAsync("hs2", ct);

        // When
        var bob2 = await LoginNewDeviceAsync(bob, ct);
        await bob2.UploadDeviceKeysAsync(ct);

        // Then
        await alice.Sync.WaitForAsync(new SlidingSyncRequest().WithE2ee(), pos, "bob (hs2) in device_lists.changed",
            r => DeviceList(r, "changed").Contains(bob.UserId) ? null : "bob not changed", Timeouts.FederationRecovery, ct);
    }

    /// <summary>
    /// MSC3884 across federation (<c>device_lists.left</c>): Bob on hs2 leaves the only room he shares with Alice;
    /// Alice's connection on hs1 lists Bob as left.
    /// </summary>
    [Scenario, CancelAfter(60_000)]
    public async Task A_member_on_another_server_who_leaves_is_listed_as_left(CancellationToken ct)
    {
        // Given
        var (alice, bob, room, pos) = await SharedRoomAsync("hs2", ct);

        // When
        await bob.LeaveAsync(room, ct);

        // Then
        await alice.Sync.WaitForAsync(new SlidingSyncRequest().WithE2ee(), pos, "bob (hs2) in device_lists.left",
            r => DeviceList(r, "left").Contains(bob.UserId) ? null : "bob not left", Timeouts.FederationRecovery, ct);
    }

    // Alice on hs1 and Bob on bobServer share one room; returns Alice's pos (e2ee on) taken after Bob joined.
    private static async Task<(SyncActor Alice, SyncActor Bob, string Room, string Pos)> SharedRoomAsync(string bobServer,
        CancellationToken ct)
    {
        var alice = await RegisterAsync("alice", ct);
        var bob = await RegisterAsync("bob", ct, bobServer);
        await alice.UploadDeviceKeysAsync(ct);
        await bob.UploadDeviceKeysAsync(ct);
        var room = await alice.CreateRoomAsync("e2ee", ct, isPublic: true);
        await bob.JoinAsync(room, ct, via: bobServer == "hs1" ? null : "hs1");
        // Bob's join is stored on hs1 before his join call returns, so this pos comes after it.
        return (alice, bob, room, (await alice.Sync.SyncAsync(new SlidingSyncRequest().WithE2ee(), ct: ct)).Pos);
    }

    private static int? OneTimeKeyCount(SlidingSyncResponse r) =>
        r.Extension("e2ee")?["device_one_time_keys_count"]?["signed_curve25519"]?.GetValue<int>();

    private static string[] FallbackTypes(SlidingSyncResponse r) =>
        r.Extension("e2ee")?["device_unused_fallback_key_types"] is JsonArray a ? [.. a.Select(n => n!.GetValue<string>())] : [];

    private static string[] DeviceList(SlidingSyncResponse r, string which) =>
        r.Extension("e2ee")?["device_lists"]?[which] is JsonArray a ? [.. a.Select(n => n!.GetValue<string>())] : [];
}
