using System.Diagnostics;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Clients;

/// <summary>Waits that scenarios share, built on <see cref="IClient.WaitForEventAsync"/>.</summary>
public static class ClientExpectations
{
    /// <summary>
    /// Returns once the client has decrypted every one of <paramref name="sent"/> with the body that was sent.
    /// On timeout, throws naming each message still missing or undecryptable (event id, sender device, session,
    /// failure code) and everything else the client has in the room.
    /// </summary>
    public static async Task<IReadOnlyList<TimelineEvent>> WaitForDecryptedAsync(this IClient client, string roomId,
        IReadOnlyList<SentEvent> sent, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var budget = timeout ?? Timeouts.MessageDelivery;
        var results = new List<TimelineEvent>();
        var missing = new List<string>();
        foreach (var message in sent)
        {
            var left = budget - clock.Elapsed;
            var result = await client.TryWaitForEventAsync(roomId,
                e => e.EventId == message.EventId && e.Decryption == DecryptionState.Decrypted && e.Body == message.Body,
                $"{message.EventId} decrypted as \"{message.Body}\"", left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), ct)
                .ConfigureAwait(false);
            if (result.Succeeded) results.Add(result.Value!);
            else missing.Add(message.EventId);
        }
        if (missing.Count == 0) return results;
        var timeline = await client.GetTimelineAsync(roomId, ct).ConfigureAwait(false);
        var detail = missing.Select(id => timeline.FirstOrDefault(e => e.EventId == id)?.ToString() ?? $"{id} never reached the timeline");
        throw new ExpectationFailedException(
            $"{client.Actor} ({ClientMatrix.ShortName(client.Kind)} on {client.Homeserver}, {client.UserId}/{client.DeviceId}): " +
            $"expected to decrypt all {sent.Count} message(s) in {roomId}; after {clock.Elapsed.TotalSeconds:F1}s " +
            $"{missing.Count} are not decrypted:\n  " + string.Join("\n  ", detail) +
            $"\nThe client's view of the room ({timeline.Count} events, {timeline.Count(e => e.IsUnableToDecrypt)} UTD):\n  " +
            string.Join("\n  ", timeline.TakeLast(25)));
    }

    /// <summary>
    /// Returns once the client shows <paramref name="sent"/> as unable to decrypt with exactly <paramref name="code"/>.
    /// On timeout, throws with the client's view of the event (decrypted, pending, or another failure code) and of
    /// the room.
    /// </summary>
    public static Task<TimelineEvent> WaitForUnableToDecryptAsync(this IClient client, string roomId, SentEvent sent,
        DecryptionFailureCode code, TimeSpan? timeout = null, CancellationToken ct = default) =>
        client.WaitForEventAsync(roomId, e => e.EventId == sent.EventId && e.IsUnableToDecrypt && e.FailureCode == code,
            $"{sent.EventId} (\"{sent.Body}\") shown as unable to decrypt with {code.ToProtocolName()}", timeout, ct);

    /// <summary>Sends <paramref name="count"/> numbered messages one after another; returns them in order.</summary>
    public static async Task<IReadOnlyList<SentEvent>> SendTextMessagesAsync(this IClient client, string roomId, int count,
        string prefix, CancellationToken ct = default)
    {
        var sent = new List<SentEvent>();
        for (var i = 1; i <= count; i++)
            sent.Add(await client.SendTextAsync(roomId, $"{prefix} {i} from {client.Actor}", ct).ConfigureAwait(false));
        return sent;
    }

    /// <summary>
    /// Throws if the client shows any UTD in the room that is not in <paramref name="expected"/>. An encrypted event
    /// still being decrypted counts as not decrypted: the check first gives pending events up to
    /// <paramref name="settle"/> (<see cref="Timeouts.MessageDelivery"/>) to settle, then fails on every UTD and
    /// every event still pending, so an event stuck in "pending" can never pass as "no UTD".
    /// </summary>
    public static async Task MustHaveNoUnexpectedUtdsAsync(this IClient client, string roomId,
        IReadOnlyCollection<string>? expected = null, CancellationToken ct = default, TimeSpan? settle = null)
    {
        bool Unexpected(TimelineEvent e) => expected?.Contains(e.EventId) != true;
        bool Pending(TimelineEvent e) => e.Decryption == DecryptionState.Pending && Unexpected(e);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<TimelineEvent> timeline;
        try
        {
            timeline = await Eventually.SatisfiesAsync($"{client.Actor}'s encrypted events in {roomId} have settled",
                settle ?? Timeouts.MessageDelivery, c => client.GetTimelineAsync(roomId, c),
                t => t.Count(Pending) is var n && n > 0 ? $"{n} still pending" : null, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            timeline = await client.GetTimelineAsync(roomId, ct).ConfigureAwait(false);
        }
        var bad = timeline.Where(e => (e.IsUnableToDecrypt || e.Decryption == DecryptionState.Pending) && Unexpected(e)).ToList();
        if (bad.Count > 0)
            throw new ExpectationFailedException(
                $"{client.Actor} ({ClientMatrix.ShortName(client.Kind)} on {client.Homeserver}): expected no UTDs in {roomId}, " +
                $"saw {bad.Count(e => e.IsUnableToDecrypt)} UTD(s) and {bad.Count(e => e.Decryption == DecryptionState.Pending)} " +
                $"event(s) still pending after {clock.Elapsed.TotalSeconds:F1}s:\n  " + string.Join("\n  ", bad));
    }
}
