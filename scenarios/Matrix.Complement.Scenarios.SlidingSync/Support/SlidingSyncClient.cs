using System.Diagnostics;

namespace Matrix.Complement.Scenarios.SlidingSync.Support;

/// <summary>
/// A raw Simplified Sliding Sync (MSC4186) client for one device:
/// <c>POST /_matrix/client/unstable/org.matrix.simplified_msc3575/sync</c> with <c>pos</c> and <c>timeout</c>.
/// </summary>
public sealed class SlidingSyncClient(ClientServerApi api, MatrixSession session)
{
    /// <summary>The endpoint path (unstable prefix).</summary>
    public const string Path = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync";

    /// <summary>The device this client syncs as.</summary>
    public MatrixSession Session { get; } = session;

    /// <summary>
    /// One request. Without <paramref name="pos"/> it is an initial sync and returns at once; with it, the server
    /// long-polls up to <paramref name="timeout"/> (zero when null) for something new.
    /// </summary>
    public async Task<SlidingSyncResponse> SyncAsync(SlidingSyncRequest request, string? pos = null, TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        var query = new List<string>();
        if (pos is not null) query.Add("pos=" + Uri.EscapeDataString(pos));
        if (timeout is { } t) query.Add("timeout=" + (long)t.TotalMilliseconds);
        var path = Path + (query.Count == 0 ? "" : "?" + string.Join("&", query));
        return new SlidingSyncResponse(await api.SendAsync(HttpMethod.Post, path, Session, request.ToJson(), ct).ConfigureAwait(false));
    }

    /// <summary>One request whose error answer is under test: the error, or null when the server answered 200.</summary>
    public async Task<MatrixApiException?> TrySyncAsync(SlidingSyncRequest request, string? pos, CancellationToken ct = default)
    {
        try
        {
            await SyncAsync(request, pos, TimeSpan.Zero, ct).ConfigureAwait(false);
            return null;
        }
        catch (MatrixApiException e)
        {
            return e;
        }
    }

    /// <summary>
    /// Long-polls from <paramref name="pos"/>, following each response's <c>pos</c>, until a response satisfies
    /// <paramref name="mismatch"/> (null = satisfied); returns that response. Throws with the last observations after
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task<SlidingSyncResponse> WaitForAsync(SlidingSyncRequest request, string pos, string expectation,
        Func<SlidingSyncResponse, string?> mismatch, TimeSpan timeout, CancellationToken ct = default)
    {
        var current = pos;
        var clock = Stopwatch.StartNew();
        return await Eventually.SatisfiesAsync($"{Session.UserId} sees {expectation}", timeout, async token =>
        {
            var left = timeout - clock.Elapsed;
            var poll = left < TimeSpan.FromSeconds(5) ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : TimeSpan.FromSeconds(5);
            var response = await SyncAsync(request, current, poll, token).ConfigureAwait(false);
            current = response.Pos;
            return response;
        }, r => mismatch(r) is { } why ? $"{why} in {r}" : null, ct, TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
    }
}
