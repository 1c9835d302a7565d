using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Waiting;

/// <summary>
/// Named time budgets, all scaled by <c>MATRIX_COMPLEMENT_TIMEOUT_SCALE</c>. Scenarios wait on events with one of
/// these, never with a bare number, so a slow machine needs one setting rather than edits.
/// </summary>
public static class Timeouts
{
    /// <summary>A homeserver container from start to answering <c>/_matrix/client/versions</c>.</summary>
    public static TimeSpan ContainerStart => Seconds(double.TryParse(HarnessSettings.HomeserverStartTimeout.Value,
        System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 60);

    /// <summary>A client from login to a finished first sync with its keys uploaded.</summary>
    public static TimeSpan ClientLogin => Seconds(30);

    /// <summary>A message from send to being seen (and decrypted) by another client.</summary>
    public static TimeSpan MessageDelivery => Seconds(20);

    /// <summary>Delivery after a federation fault heals (the sender's retry back-off is included).</summary>
    public static TimeSpan FederationRecovery => Seconds(60);

    /// <summary>One client-server API request.</summary>
    public static TimeSpan Request => Seconds(30);

    /// <summary>A verification flow step (request, accept, SAS, done).</summary>
    public static TimeSpan Verification => Seconds(30);

    /// <summary>Key backup upload or restore.</summary>
    public static TimeSpan KeyBackup => Seconds(45);

    /// <summary>The given number of seconds, scaled.</summary>
    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds * HarnessSettings.TimeoutScaleFactor);
}
