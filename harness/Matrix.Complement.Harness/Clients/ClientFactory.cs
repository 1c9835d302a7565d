using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Clients.Protocol;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Clients;

/// <summary>Creates started clients of any kind, each wrapped in a <see cref="LoggedClient"/>.</summary>
public static class ClientFactory
{
    /// <summary>
    /// Registers a fresh user for <paramref name="actor"/> on the spec's homeserver and starts a client of the
    /// spec's kind, syncing as the spec says unless <paramref name="options"/> overrides it. Returns once <see cref="IClient.StartAsync"/> has (keys uploaded, first sync done).
    /// </summary>
    public static async Task<IClient> LoginAsync(Deployment.Deployment deployment, string actor, ClientSpec spec,
        ClientOptions? options = null, CancellationToken ct = default)
    {
        var server = deployment[spec.Homeserver];
        var session = await server.RegisterUserAsync(actor, ct).ConfigureAwait(false);
        options ??= new();
        return await StartAsync(deployment, actor, spec.Kind, server, session,
            options with { SyncMode = options.SyncMode ?? spec.SyncMode }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Logs <paramref name="existing"/>'s user in again as a new device, with a client of <paramref name="kind"/>
    /// (the existing client's kind by default) on the same homeserver, and starts it, syncing like the existing
    /// client unless <paramref name="options"/> overrides it.
    /// </summary>
    public static async Task<IClient> LoginNewDeviceAsync(Deployment.Deployment deployment, IClient existing,
        ClientKind? kind = null, ClientOptions? options = null, CancellationToken ct = default)
    {
        var server = deployment[existing.Homeserver];
        var known = SessionOf(existing);
        var session = await server.Api.LoginAsync(known.Localpart, known.Password, ct: ct).ConfigureAwait(false);
        options ??= new();
        return await StartAsync(deployment, existing.Actor, kind ?? existing.Kind, server, session,
            options with { SyncMode = options.SyncMode ?? existing.SyncMode }, ct).ConfigureAwait(false);
    }

    private static async Task<IClient> StartAsync(Deployment.Deployment deployment, string actor, ClientKind kind,
        HomeserverHandle server, MatrixSession session, ClientOptions options, CancellationToken ct)
    {
        IClient client = kind switch
        {
            ClientKind.Js => await JsSdkBrowserClient.CreateAsync(deployment, actor, server, session, options).ConfigureAwait(false),
            ClientKind.Nio => await Nio.NioDriverClient.CreateAsync(deployment, actor, server, session, options).ConfigureAwait(false),
            ClientKind.Raw => await Raw.RawClient.CreateAsync(deployment, actor, server, session, options).ConfigureAwait(false),
            _ => throw new NotSupportedException($"The {ClientMatrix.ShortName(kind)} client kind is not implemented yet."),
        };
        return await LogAndStartAsync(client, options, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Wraps a created client in a <see cref="LoggedClient"/> when <paramref name="options"/> name artefacts, starts
    /// it, and disposes it if the start fails; every path that makes a client for a scenario ends here.
    /// </summary>
    public static async Task<IClient> LogAndStartAsync(IClient client, ClientOptions options, CancellationToken ct)
    {
        if (options.Artefacts is { } artefacts)
            client = new LoggedClient(client, ClientTimelineLog.For(artefacts), options.TestName);
        try
        {
            await client.StartAsync(ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static MatrixSession SessionOf(IClient client) => client switch
    {
        LoggedClient logged => SessionOf(logged.Inner),
        DriverClient driver => driver.Session,
        Raw.RawClient raw => raw.Session,
        _ => throw new ArgumentException($"{client} is not a client this factory created."),
    };
}
