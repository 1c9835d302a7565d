using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Scenarios.Invisible.Support;

/// <summary>
/// A user with no crypto at all, speaking the client-server API directly (the harness's <see cref="ClientServerApi"/>):
/// what a misbehaving client or a compromised account looks like when it posts plain messages into an encrypted room.
/// </summary>
public sealed class PlainSender
{
    private readonly HomeserverHandle _server;
    private readonly MatrixSession _session;

    private PlainSender(HomeserverHandle server, MatrixSession session)
    {
        _server = server;
        _session = session;
    }

    /// <summary>The user id.</summary>
    public string UserId => _session.UserId;

    /// <summary>Registers a fresh user for <paramref name="actor"/> on <paramref name="homeserver"/> of the shared deployment.</summary>
    public static async Task<PlainSender> RegisterAsync(string actor, string homeserver, CancellationToken ct)
    {
        var server = (await SharedDeployment.GetAsync(ct))[homeserver];
        return new PlainSender(server, await server.RegisterUserAsync(actor, ct));
    }

    /// <summary>Joins a room it was invited to, through <paramref name="via"/>. Returns when the homeserver accepted the join.</summary>
    public Task JoinAsync(string roomId, string via, CancellationToken ct) => _server.Api.JoinAsync(_session, roomId, [via], ct);

    /// <summary>Sends an unencrypted <c>m.text</c> message. Returns once the homeserver accepted it.</summary>
    public async Task<SentEvent> SendPlainTextAsync(string roomId, string body, CancellationToken ct)
    {
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new SentEvent(await _server.Api.SendTextAsync(_session, roomId, body, ct), body, sentAt);
    }

    /// <inheritdoc />
    public override string ToString() => $"{_session.UserId} (plain client-server API on {_server.Name})";
}
