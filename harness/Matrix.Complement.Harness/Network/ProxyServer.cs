using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// The in-process reverse proxy: one Kestrel host with a listener per <see cref="ProxyEndpoint"/>, forwarding
/// with YARP's <see cref="IHttpForwarder"/>. Tuned for latency: no buffering, HTTP/1.1 keep-alive to the
/// servers, and no timeout shorter than a long-poll.
/// </summary>
internal sealed class ProxyServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _client;
    private readonly HttpMessageInvoker _federation;

    private ProxyServer(WebApplication app, HttpMessageInvoker client, HttpMessageInvoker federation)
    {
        _app = app;
        _client = client;
        _federation = federation;
    }

    /// <summary>Starts listening on every endpoint; throws if an address is taken.</summary>
    public static async Task<ProxyServer> StartAsync(IReadOnlyList<ProxyEndpoint> endpoints, X509Certificate2 trustedCa,
        RuleSet rules, TokenDirectory tokens, FlowJournal journal, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(10);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromMinutes(1);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            foreach (var endpoint in endpoints)
            {
                kestrel.Listen(endpoint.Listen, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    if (endpoint.Certificate is { } certificate) listen.UseHttps(certificate);
                });
            }
        });
        var app = builder.Build();
        var client = new HttpMessageInvoker(Handler(null));
        var federation = new HttpMessageInvoker(Handler(trustedCa));
        var handler = new FlowHandler(endpoints.ToDictionary(e => e.Listen), app.Services.GetRequiredService<IHttpForwarder>(),
            client, federation, rules, tokens, journal);
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
            federation.Dispose();
            throw;
        }
        return new ProxyServer(app, client, federation);
    }

    /// <summary>A handler to the servers: pooled keep-alive HTTP/1.1, no proxy, no cookies, no decompression.</summary>
    private static SocketsHttpHandler Handler(X509Certificate2? trustedCa)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
        };
        if (trustedCa is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IssuedBy(certificate, trustedCa),
            };
        }
        return handler;
    }

    /// <summary>Whether <paramref name="certificate"/> chains to the run CA (the only root trusted on this hop).</summary>
    internal static bool IssuedBy(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <summary>Stops listening (in-flight requests are cut) and closes connections to the servers.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await _app.StopAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // held requests are abandoned
            }
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
        _federation.Dispose();
    }
}
