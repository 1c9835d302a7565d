using System.Globalization;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// The homeserver endpoints MatrixRTC relies on, over <see cref="ClientServerApi"/>: RTC transport discovery
/// (MSC4143) and delayed events (MSC4140), on their unstable paths as Synapse serves them (notes/synapse.md §11).
/// Errors throw <see cref="MatrixApiException"/> with the status, so a missing feature (404) is testable.
/// </summary>
public sealed class MatrixRtcApi(ClientServerApi api)
{
    /// <summary>The unstable transports path (MSC4143).</summary>
    public const string TransportsPath = "/_matrix/client/unstable/org.matrix.msc4143/rtc/transports";

    /// <summary>The unstable delayed-events management prefix (MSC4140).</summary>
    public const string DelayedEventsPath = "/_matrix/client/unstable/org.matrix.msc4140/delayed_events";

    /// <summary>The query parameter that turns a send into a delayed send (MSC4140).</summary>
    public const string DelayParameter = "org.matrix.msc4140.delay";

    /// <summary>The <c>rtc_transports</c> the server advertises to <paramref name="who"/> (empty when none).</summary>
    public async Task<IReadOnlyList<JsonObject>> GetTransportsAsync(MatrixSession who, CancellationToken ct = default)
    {
        var answer = await api.SendAsync(HttpMethod.Get, TransportsPath, who, null, ct).ConfigureAwait(false);
        return answer["rtc_transports"] is JsonArray transports
            ? transports.OfType<JsonObject>().ToList()
            : [];
    }

    /// <summary>The unstable feature flags of <c>/_matrix/client/versions</c> that are switched on.</summary>
    public async Task<IReadOnlySet<string>> GetUnstableFeaturesAsync(CancellationToken ct = default)
    {
        var answer = await api.SendAsync(HttpMethod.Get, "/_matrix/client/versions", null, null, ct).ConfigureAwait(false);
        return answer["unstable_features"] is JsonObject features
            ? features.Where(f => f.Value?.GetValueKind() == JsonValueKind.True).Select(f => f.Key).ToHashSet()
            : new HashSet<string>();
    }

    /// <summary>
    /// Schedules state event <paramref name="type"/> / <paramref name="stateKey"/> to be sent after
    /// <paramref name="delay"/>; returns its <c>delay_id</c>.
    /// </summary>
    public async Task<string> SendDelayedStateAsync(MatrixSession who, string roomId, string type, string stateKey,
        JsonObject content, TimeSpan delay, CancellationToken ct = default)
    {
        var path = $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/state/{Uri.EscapeDataString(type)}/" +
                   $"{Uri.EscapeDataString(stateKey)}?{DelayParameter}=" +
                   ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var answer = await api.SendAsync(HttpMethod.Put, path, who, content, ct).ConfigureAwait(false);
        return answer["delay_id"]?.GetValue<string>() ?? throw new InvalidOperationException(
            $"PUT {type}/{stateKey} with {DelayParameter} answered without a delay_id: {answer.ToJsonString()}");
    }

    /// <summary>The delayed events <paramref name="who"/> has scheduled (each with <c>delay_id</c>, <c>delay</c>, …).</summary>
    public async Task<IReadOnlyList<JsonObject>> GetDelayedEventsAsync(MatrixSession who, CancellationToken ct = default)
    {
        var answer = await api.SendAsync(HttpMethod.Get, DelayedEventsPath, who, null, ct).ConfigureAwait(false);
        return answer["delayed_events"] is JsonArray events ? events.OfType<JsonObject>().ToList() : [];
    }

    /// <summary>Cancels, restarts or sends a delayed event through its action endpoint (<c>…/{id}/cancel</c>, …).</summary>
    public Task UpdateDelayedEventAsync(MatrixSession who, string delayId, DelayedEventAction action,
        CancellationToken ct = default) =>
        api.SendAsync(HttpMethod.Post,
            $"{DelayedEventsPath}/{Uri.EscapeDataString(delayId)}/{action.ToString().ToLowerInvariant()}", who,
            new JsonObject(), ct);

    /// <summary>The content of a room's state event, or null when it is not set (404).</summary>
    public async Task<JsonObject?> TryGetStateAsync(MatrixSession who, string roomId, string type, string stateKey,
        CancellationToken ct = default)
    {
        try
        {
            return await api.SendAsync(HttpMethod.Get,
                $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/state/{Uri.EscapeDataString(type)}/" +
                Uri.EscapeDataString(stateKey), who, null, ct).ConfigureAwait(false);
        }
        catch (MatrixApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
