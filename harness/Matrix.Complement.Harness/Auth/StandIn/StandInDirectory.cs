using System.Collections.Concurrent;

namespace Matrix.Complement.Harness.Auth.StandIn;

/// <summary>The stand-in's users (localpart → password) and live sessions (authorization id → grant).</summary>
internal sealed class StandInDirectory
{
    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StandInGrant> _grants = new(StringComparer.Ordinal);

    /// <summary>Where provisioning goes; null until a homeserver is attached.</summary>
    public SynapseMasApi? Synapse { get; set; }

    public SynapseMasApi RequireSynapse() => Synapse ?? throw new InvalidOperationException(
        "The auth server stand-in has no homeserver attached yet (AuthServerStandIn.AttachHomeserver).");

    public void AddUser(string localpart, string password) => _users[localpart] = password;

    public bool CheckPassword(string localpart, string password) =>
        _users.TryGetValue(localpart, out var known) &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(known), System.Text.Encoding.UTF8.GetBytes(password));

    public void AddGrant(string authorizationId, StandInGrant grant) => _grants[authorizationId] = grant;

    public StandInGrant? FindGrant(string? authorizationId) =>
        authorizationId is not null && _grants.TryGetValue(authorizationId, out var grant) ? grant : null;

    /// <summary>The live session of <paramref name="localpart"/>'s device <paramref name="deviceId"/>, with its authorization id.</summary>
    public (string AuthorizationId, StandInGrant Grant)? FindGrantByDevice(string? localpart, string? deviceId)
    {
        foreach (var (id, grant) in _grants)
            if (grant.Localpart == localpart && grant.DeviceId == deviceId) return (id, grant);
        return null;
    }

    public StandInGrant? RemoveGrant(string? authorizationId) =>
        authorizationId is not null && _grants.TryRemove(authorizationId, out var grant) ? grant : null;
}
