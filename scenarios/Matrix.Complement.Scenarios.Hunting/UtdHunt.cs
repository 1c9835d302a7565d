using System.Globalization;

namespace Matrix.Complement.Scenarios.Hunting;

/// <summary>
/// The UTD hunt behind <c>./complement hunt</c>: random sequences of sends, membership changes, new devices,
/// logouts, restarts, crashes, key backup, endpoint faults and federation partitions, over Alice (hs1), Bob (hs2)
/// and Charlie (hs1) in one encrypted room with shared history; after each, every device must decrypt what the
/// model says it must and nothing it must not (<see cref="HuntModel"/>). A failure is shrunk and saved as a
/// replayable file. With <c>MATRIX_COMPLEMENT_HUNT_REPLAY</c> it runs a saved file once instead. Skipped unless
/// <c>MATRIX_COMPLEMENT_HUNT=1</c> (it explores for minutes).
/// </summary>
[NonParallelizable] // partitions federation between the shared servers
public sealed class UtdHunt : HuntScenario
{
    /// <summary>Hunts for the budget, or replays a saved file; fails when a failure is found.</summary>
    [Test, Spec("client-server-api/#end-to-end-encryption"), Spec("client-server-api/#room-history-visibility"), CancelAfter(6 * 3600_000)]
    public async Task Hunt(CancellationToken ct)
    {
        if (HuntSettings.Enabled.Value != "1")
            Assert.Ignore($"The UTD hunt runs through `./complement hunt` (or with {HuntSettings.Enabled.Name}=1).");

        if (HuntSettings.Replay.Value is { } path)
        {
            var outcome = await ReplayAsync(path, ct);
            Assert.That(outcome.Passed, Is.True, $"replay of {path} failed: {outcome.Describe()}");
            return;
        }

        // Given
        var budget = HuntSettings.Budget.Value is { } b ? HuntSettings.ParseDuration(b) : HuntSettings.DefaultBudget;
        var seed = HuntSettings.Seed.Value is { } s ? ulong.Parse(s, CultureInfo.InvariantCulture) : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        var kinds = HuntSettings.ParseKinds(HuntSettings.Kinds.Value);
        var faults = HuntSettings.Faults.Value is { } f ? f.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];

        // When
        var (result, replay) = await HuntAsync(budget, seed, kinds, faults, ct);

        // Then
        Assert.That(result.Found, Is.False,
            $"hunt seed {seed} found a failure after {result.Runs} run(s); shrunk in {result.ShrinkRuns} more run(s) to:\n" +
            $"{result.Shrunk?.Describe()}\nreplay: ./complement hunt --replay {replay}");
    }
}
