namespace Matrix.Complement.Harness.Clients.Raw;

// Back-pagination: older events of a room from /messages, shown in the timeline view like synced ones.
public sealed partial class RawClient
{
    /// <inheritdoc />
    /// <remarks>
    /// One <c>GET /rooms/{roomId}/messages?dir=b</c> page from where the last page (or the first synced timeline)
    /// ended. Events the view does not hold yet are decrypted (or shown as UTDs with their code) and added; state is
    /// not re-applied from older events. Returns once they are in the view.
    /// </remarks>
    public async Task<bool> BackPaginateAsync(string roomId, int limit = 20, CancellationToken ct = default)
    {
        var room = Room(roomId) ?? throw new InvalidOperationException(
            $"{Who} cannot back-paginate {roomId}: its sync has not shown that room yet");
        string? from;
        lock (_gate)
        {
            if (room.StartReached) return true;
            from = room.BackToken;
        }
        var query = $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/messages?dir=b&limit={limit}" +
                    (from is null ? "" : "&from=" + Uri.EscapeDataString(from));
        var page = await Api.SendAsync(HttpMethod.Get, query, Session, null, ct).ConfigureAwait(false);
        var known = _timeline.Events(roomId).Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        foreach (var ev in (page["chunk"] as JsonArray ?? []).OfType<JsonObject>())
            if ((string?)ev["event_id"] is { } id && !known.Contains(id))
                ShowTimelineEvent(room, ev);
        var end = (string?)page["end"];
        lock (_gate)
        {
            room.BackToken = end ?? room.BackToken;
            room.StartReached = end is null;
        }
        SignalChange();
        return end is null;
    }
}
