using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace Matrix.Complement.Harness.Deployment;

/// <summary>
/// Readiness of a homeserver on the host network: <c>GET /_matrix/client/versions</c> on its own loopback
/// address answers 200. (Testcontainers' built-in HTTP wait needs port bindings, which host networking lacks.)
/// </summary>
internal sealed class ClientApiAnswers(Uri versionsUrl) : IWaitUntil
{
    private static readonly HttpClient Probe = new(new SocketsHttpHandler { UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    public async Task<bool> UntilAsync(IContainer container)
    {
        try
        {
            using var response = await Probe.GetAsync(versionsUrl).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
