using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>The raw device over Vodozemac.Net (being built; until then the kind reports itself as not implemented).</summary>
public static class RawClient
{
    /// <summary>Creates a client of this kind for an existing session (not yet started).</summary>
    public static Task<IClient> CreateAsync(Deployment.Deployment deployment, string actor, HomeserverHandle server,
        MatrixSession session, ClientOptions options) =>
        throw new NotSupportedException("The raw client kind is not implemented yet.");
}
