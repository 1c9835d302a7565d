using Matrix.Complement.Harness.Clients.Protocol;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// Dehydrated devices (MSC3814) and the other invisible-encryption commands of the driver protocol (issue 12):
/// typed calls for the <c>dehydratedDevices</c> feature's commands, a client's view of another user's device list
/// with the dehydrated flag, and changing a room's history visibility (for history sharing on invite, MSC4268, whose
/// sharing itself happens inside <see cref="IClient.InviteAsync"/> and <see cref="IClient.JoinAsync"/>). Check the
/// feature first (<c>Require.Feature</c>): a kind without it answers these commands with a protocol error.
/// </summary>
public static class DehydratedDevices
{
    /// <summary>A dehydrated device a client uploaded.</summary>
    /// <param name="DeviceId">The dehydrated device's id on the homeserver.</param>
    /// <param name="RecoveryKey">The recovery key of the secret storage holding the dehydration key (redacted in logs).</param>
    public sealed record Dehydration(string DeviceId, RecoveryKey RecoveryKey);

    /// <summary>What rehydrating a dehydrated device gave a new device.</summary>
    /// <param name="RehydratedDeviceId">The dehydrated device that was rehydrated.</param>
    /// <param name="RoomKeys">Room keys the new device took from the dehydrated device's to-device messages.</param>
    /// <param name="ToDeviceEvents">To-device messages the dehydrated device had received.</param>
    /// <param name="NewDeviceId">The dehydrated device the client uploaded to replace it, or null.</param>
    public sealed record Rehydration(string RehydratedDeviceId, int RoomKeys, int ToDeviceEvents, string? NewDeviceId);

    /// <summary>One device in a client's device list of a user.</summary>
    /// <param name="DeviceId">The device id.</param>
    /// <param name="Dehydrated">Whether the SDK marks it as a dehydrated device (its keys carry <c>dehydrated: true</c>).</param>
    /// <param name="DisplayName">The device's display name, if any.</param>
    public sealed record ListedDevice(string DeviceId, bool Dehydrated, string? DisplayName);

    /// <summary>
    /// Sets up cross-signing, secret storage with a new recovery key (or the one given, when secret storage
    /// exists already), a new dehydration key in secret storage, and a dehydrated device. Returns once the
    /// homeserver holds the dehydrated device. The recovery key is registered for redaction.
    /// </summary>
    public static async Task<Dehydration> SetUpDehydratedDeviceAsync(this IClient client, RecoveryKey? recoveryKey = null,
        CancellationToken ct = default)
    {
        var driver = Driver(client);
        var r = (await driver.InvokeAsync("setUpDehydration",
            new { password = driver.Session.Password, recoveryKey = recoveryKey?.Value }, ct).ConfigureAwait(false))!;
        var key = r["recoveryKey"]!.GetValue<string>();
        Redaction.Register(key);
        return new Dehydration(r["deviceId"]!.GetValue<string>(), new RecoveryKey(key));
    }

    /// <summary>
    /// On a device of a user who has a dehydrated device: unlocks secret storage with <paramref name="recoveryKey"/>,
    /// takes the cross-signing keys (signing this device) and the dehydration key from it, rehydrates the dehydrated
    /// device and imports the room keys its to-device messages carry, then uploads a new dehydrated device, as the
    /// SDK's start of dehydration does. Returns when that is done; undecrypted events are then retried by the SDK.
    /// Throws if there was no dehydrated device or rehydrating it failed.
    /// </summary>
    public static async Task<Rehydration> RehydrateAsync(this IClient client, RecoveryKey recoveryKey,
        CancellationToken ct = default)
    {
        var driver = Driver(client);
        var r = (await driver.InvokeAsync("rehydrate",
            new
            {
                password = driver.Session.Password, recoveryKey = recoveryKey.Value,
                timeoutMs = (int)Timeouts.MessageDelivery.TotalMilliseconds,
            }, ct).ConfigureAwait(false))!;
        return new Rehydration(r["rehydratedDeviceId"]!.GetValue<string>(), r["roomKeys"]!.GetValue<int>(),
            r["toDeviceEvents"]!.GetValue<int>(), r["newDeviceId"]?.GetValue<string>());
    }

    /// <summary>The id of the user's dehydrated device on the homeserver, or null when there is none. Returns at once.</summary>
    public static async Task<string?> GetDehydratedDeviceIdAsync(this IClient client, CancellationToken ct = default) =>
        (await Driver(client).InvokeAsync("dehydratedDevice", null, ct).ConfigureAwait(false))?["deviceId"]?.GetValue<string>();

    /// <summary>
    /// The client's device list of <paramref name="userId"/> (downloaded first if the client has none cached), with
    /// the SDK's dehydrated flag per device. Returns at once from the client's state.
    /// </summary>
    public static async Task<IReadOnlyList<ListedDevice>> GetUserDevicesAsync(this IClient client, string userId,
        CancellationToken ct = default)
    {
        var r = await Driver(client).InvokeAsync("userDevices", new { userId }, ct).ConfigureAwait(false);
        return [.. r!["devices"]!.AsArray().Select(d => new ListedDevice(d!["deviceId"]!.GetValue<string>(),
            d["dehydrated"]!.GetValue<bool>(), d["displayName"]?.GetValue<string>()))];
    }

    /// <summary>Sets the room's history visibility. Returns once this client's room state shows the new value.</summary>
    public static Task SetHistoryVisibilityAsync(this IClient client, string roomId, HistoryVisibility visibility,
        CancellationToken ct = default) =>
        Driver(client).InvokeAsync("setHistoryVisibility", new
        {
            roomId, visibility = visibility.ToProtocolName(),
            timeoutMs = (int)Timeouts.MessageDelivery.TotalMilliseconds,
        }, ct);

    private static DriverClient Driver(IClient client) => client switch
    {
        LoggedClient logged => Driver(logged.Inner),
        DriverClient driver => driver,
        _ => throw new NotSupportedException(
            $"{client} is not driven through the driver protocol, so it has no dehydrated-device commands."),
    };
}
