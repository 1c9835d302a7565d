namespace Matrix.Complement.Harness.Auth;

/// <summary>The OAuth 2.0 scopes of MSC2967: client-server API access and the device a token is bound to.</summary>
public static class MatrixScopes
{
    /// <summary>Full client-server API access (stable).</summary>
    public const string ClientApi = "urn:matrix:client:api:*";

    /// <summary>Full client-server API access (unstable MSC2967 form).</summary>
    public const string UnstableClientApi = "urn:matrix:org.matrix.msc2967.client:api:*";

    /// <summary>Prefix of the device scope (stable); the device id follows.</summary>
    public const string DevicePrefix = "urn:matrix:client:device:";

    /// <summary>Prefix of the device scope (unstable MSC2967 form).</summary>
    public const string UnstableDevicePrefix = "urn:matrix:org.matrix.msc2967.client:device:";

    /// <summary>The device scope for <paramref name="deviceId"/>.</summary>
    public static string Device(string deviceId) => DevicePrefix + deviceId;

    /// <summary>The device ids named by device scopes in <paramref name="scopes"/> (stable or unstable form).</summary>
    public static IReadOnlyList<string> DeviceIds(IEnumerable<string> scopes) => scopes
        .Select(s => s.StartsWith(DevicePrefix, StringComparison.Ordinal) ? s[DevicePrefix.Length..]
            : s.StartsWith(UnstableDevicePrefix, StringComparison.Ordinal) ? s[UnstableDevicePrefix.Length..] : null)
        .OfType<string>().Where(d => d.Length > 0).Distinct().ToList();

    /// <summary>Whether <paramref name="scopes"/> grants client-server API access.</summary>
    public static bool GrantsClientApi(IEnumerable<string> scopes) =>
        scopes.Any(s => s is ClientApi or UnstableClientApi);

    /// <summary>A fresh device id in Synapse's style (10 upper-case letters).</summary>
    public static string NewDeviceId() =>
        new(Enumerable.Range(0, 10).Select(_ => (char)('A' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(26))).ToArray());
}
