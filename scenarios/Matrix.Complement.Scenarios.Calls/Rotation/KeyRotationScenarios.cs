using Matrix.Complement.Scenarios.Calls.Support;

namespace Matrix.Complement.Scenarios.Calls.Rotation;

/// <summary>
/// How a call's keys follow its membership (notes/rtc-auth.md §2.1, MSC4143 "Rotation"): a leaver is cut off by a
/// rotation to the next index that it never receives (A3); a joiner inside the grace period gets the current key and a
/// later joiner makes everybody rotate (A4); a rejoin counts as a new member (A5).
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
[Msc(4143)]
public sealed class KeyRotationScenarios(ClientSpec kind) : CallScenario(kind)
{
    /// <summary>matrix-js-sdk 43's effective grace period (set in <c>RTCEncryptionManager.join</c>).</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    private static int Next(int index) => (index + 1) % 256;

    /// <summary>
    /// Alice, Bob and Charlie hold each other's keys; Charlie leaves (and keeps running). Alice and Bob each switch to a
    /// new key with the next index, each holds the other's, and neither new key reached Charlie: no to-device message
    /// after the leave was addressed to Charlie's device and Charlie's client received no message carrying them.
    /// </summary>
    [Scenario, CancelAfter(180_000)]
    public async Task A3_after_a_member_leaves_the_others_rotate_and_the_leaver_never_gets_the_new_key(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        await using var charlie = await LoginAsync("charlie", ct);
        var call = Participants(alice, bob, charlie);
        var room = await CreateCallRoomAsync(call[0], [alice, bob, charlie], ct);
        foreach (var p in call) await p.JoinAsync(room, ct: ct);
        var before = await WaitForCompleteKeysAsync(room, call, ct);

        // When
        await using var traffic = await SniffKeyTrafficAsync([alice, bob], ct);
        await call[2].LeaveAsync(room, ct);

        // Then
        var remaining = call[..2];
        foreach (var p in remaining)
            await p.WaitForKeyAsync(new RtcKeyMatch { RoomId = room, Own = true, Index = Next(before[p.Participant].Index) }, ct: ct);
        var after = await WaitForCompleteKeysAsync(room, remaining, ct);
        foreach (var p in remaining)
            Assert.That(after[p.Participant].Index, Is.EqualTo(Next(before[p.Participant].Index)),
                $"{p} should send with the next index after Charlie left (before: {before[p.Participant]})");
        Assert.That(ToDeviceRecipients(traffic).SelectMany(t => t.Recipients), Does.Not.Contain(call[2].Participant),
            "a to-device message went to Charlie's device after Charlie left the call");
        var newKeys = after.Values.Select(k => k.KeyHash).ToHashSet();
        Assert.That((await call[2].GetReceivedKeyMessagesAsync(ct)).Where(m => m.KeyHash is { } h && newKeys.Contains(h)), Is.Empty,
            "Charlie received a key created after Charlie left");
    }

    /// <summary>
    /// Alice and Bob join a call; Charlie joins right away, inside Alice's grace period, and receives Alice's current
    /// key unchanged (no rotation). Once the grace period has run out, Dave joins: Alice rotates to the next index and
    /// sends it to everyone, Dave included; Dave never receives the key Alice used before he joined.
    /// </summary>
    [Scenario, CancelAfter(180_000)]
    public async Task A4_a_joiner_within_the_grace_period_gets_the_current_key_and_a_later_joiner_causes_rotation(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        await using var charlie = await LoginAsync("charlie", ct);
        await using var dave = await LoginAsync("dave", ct);
        var call = Participants(alice, bob, charlie, dave);
        var room = await CreateCallRoomAsync(call[0], [alice, bob, charlie, dave], ct);
        await call[0].JoinAsync(room, ct: ct);
        var first = await call[0].GetOwnKeyAsync(room, ct);

        // When: Bob and Charlie join inside the grace period
        await call[1].JoinAsync(room, ct: ct);
        await call[2].JoinAsync(room, ct: ct);
        var early = await WaitForCompleteKeysAsync(room, call[..3], ct);

        // Then
        Assert.That(early[call[0].Participant].SameKeyAs(first), Is.True,
            $"Alice rotated for joiners inside her {GracePeriod.TotalSeconds:F0}s grace period: {first} became {early[call[0].Participant]}");

        // When: the grace period has run out; Dave joins
        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds((long)first.At);
        if (age < GracePeriod)
            await SettleAsync("Alice's key must be older than matrix-js-sdk's 10 s rotation grace period", GracePeriod - age + TimeSpan.FromSeconds(1), ct);
        await call[3].JoinAsync(room, ct: ct);

        // Then
        await call[0].WaitForKeyAsync(new RtcKeyMatch { RoomId = room, Own = true, Index = Next(first.Index) }, ct: ct);
        var late = await WaitForCompleteKeysAsync(room, call, ct);
        Assert.That(late[call[0].Participant].Index, Is.EqualTo(Next(first.Index)), "Alice should rotate for a joiner after the grace period");
        Assert.That((await call[3].GetReceivedKeyMessagesAsync(ct)).Where(m => m.KeyHash == first.KeyHash), Is.Empty,
            "Dave received the key Alice used before he joined");
    }

    /// <summary>
    /// Alice and Bob hold each other's keys; Bob leaves and joins again on the same device. Bob's new membership is
    /// newer, Bob uses a new key, Alice holds it, and Alice shares her current key with Bob afresh (a message Bob
    /// received after rejoining) — not the key Bob held before leaving.
    /// </summary>
    [Scenario, CancelAfter(180_000)]
    public async Task A5_a_rejoin_on_the_same_device_counts_as_a_new_member(CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", ct);
        await using var bob = await LoginAsync("bob", ct);
        var call = Participants(alice, bob);
        var room = await CreateCallRoomAsync(call[0], [alice, bob], ct);
        var firstMembership = await call[1].JoinAsync(room, ct: ct);
        await call[0].JoinAsync(room, ct: ct);
        var before = await WaitForCompleteKeysAsync(room, call, ct);

        // When
        await call[1].LeaveAsync(room, ct);
        await call[0].WaitForMembershipsAsync(room, [alice], ct: ct);
        var rejoinedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var second = await call[1].JoinAsync(room, ct: ct);

        // Then
        Assert.That(second.CreatedTs, Is.GreaterThan(firstMembership.CreatedTs), "the rejoin should be a new membership");
        // Alice rotates after the SDK's key delay: wait for her new key, or fail with the old one still current.
        var after = await WaitForCompleteKeysAsync(room, call, ct, keys => keys[call[0].Participant].SameKeyAs(before[call[0].Participant])
            ? $"Alice's current key is still the one Bob held before leaving: {before[call[0].Participant]}" : null);
        Assert.That(after[call[1].Participant].Key, Is.Not.EqualTo(before[call[1].Participant].Key), "Bob should use a new key after rejoining");
        Assert.That(after[call[0].Participant].SameKeyAs(before[call[0].Participant]), Is.False,
            $"Alice's key Bob holds after rejoining is the one he held before leaving: {before[call[0].Participant]}");
        var fresh = (await call[1].GetReceivedKeyMessagesAsync(ct))
            .Where(m => m.Sender == alice.UserId && m.At >= rejoinedAt && m.KeyHash == after[call[0].Participant].KeyHash);
        Assert.That(fresh, Is.Not.Empty, "Alice should share her current key with Bob again after his rejoin");
    }
}
