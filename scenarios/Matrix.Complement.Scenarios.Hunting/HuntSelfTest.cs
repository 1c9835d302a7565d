using System.Globalization;
using System.Text.RegularExpressions;

namespace Matrix.Complement.Scenarios.Hunting;

/// <summary>
/// The hunt's own bar: with Alice's js client deliberately broken (driver fault <c>noRoomKeysForNewDevices</c>: it
/// sends no room keys to devices another user adds after Alice first saw that user's devices), the hunt must find
/// a failure within its default budget, shrink it to at most 6 actions, and the failure must be that bug: a
/// message from Alice unreadable on a later device of Bob or Charlie. Other failures met on the way (a real UTD of
/// the SDK or the server) do not stop the hunt: they are saved as replayable files and named if the bug is not found.
/// Without the fault there is nothing to find and this test fails.
/// </summary>
[NonParallelizable] // the hunt partitions federation between the shared servers
public sealed class HuntSelfTest : HuntScenario
{
    /// <summary>Hunts with the fault on Alice's devices.</summary>
    [Test, Spec("client-server-api/#end-to-end-encryption"), CancelAfter(45 * 60_000)]
    public async Task The_hunt_finds_a_client_that_sends_no_room_keys_to_new_devices(CancellationToken ct)
    {
        // Given
        var seed = HuntSettings.Seed.Value is { } s ? ulong.Parse(s, CultureInfo.InvariantCulture) : (ulong)Random.Shared.NextInt64(1, long.MaxValue);

        // When
        var (result, replay) = await HuntAsync(HuntSettings.DefaultBudget, seed, ["js"], ["alice:noRoomKeysForNewDevices"], ct,
            hunted: PlantedBug.IsMatch);

        // Then
        Assert.That(result.Found, Is.True,
            $"hunt seed {seed}: no failure found in {result.Runs} run(s) ({result.Errors.Count} broke before their checks) within " +
            $"{HuntSettings.DefaultBudget} although Alice's client sends no room keys to new devices" + OthersFound(result));
        var shrunk = result.Shrunk!;
        Assert.That(shrunk.Actions, Has.Count.LessThanOrEqualTo(6), $"seed {seed}: not shrunk enough:\n{shrunk.Describe()}\nreplay: {replay}");
        Assert.That(shrunk.Violations, Has.Some.Matches(@"^unexpected UTD: m\d+ \(""hunt \w+ m\d+ from alice#\d+"".* on (bob|charlie)#[2-9] "),
            $"seed {seed}: the failure found is not the planted bug:\n{shrunk.Describe()}\nreplay: {replay}");
    }

    /// <summary>The planted bug's signature: Alice's messages unreadable on a later device of Bob or Charlie.</summary>
    private static readonly Regex PlantedBug = new("^unexpected UTD: from alice on (bob|charlie)'s later device$", RegexOptions.CultureInvariant);

    /// <summary>The other failures the hunt met (saved beside the log), for the failure message.</summary>
    private static string OthersFound(HuntResult result) => result.Others.Count == 0 ? ""
        : $"; it met {result.Others.Count} other failure(s), saved in the run's hunt/ folder:\n" +
          string.Join("\n", result.Others.Select(o => string.Join("; ", o.Signatures)));
}
