using System.Net.Sockets;

namespace Matrix.Complement.Harness.Clients.Js;

/// <summary>
/// Serves the js driver bundle on <c>http://127.0.0.1:&lt;free port&gt;/</c> (a secure context for IndexedDB and
/// WebCrypto): <c>.wasm</c> as <c>application/wasm</c>, everything with <c>Cache-Control: no-cache</c>.
/// </summary>
internal sealed class StaticFileServer : IAsyncDisposable
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".map"] = "application/json",
        [".json"] = "application/json",
        [".wasm"] = "application/wasm",
    };

    private readonly HttpListener _listener;
    private readonly string _root;
    private readonly Task _loop;

    private StaticFileServer(HttpListener listener, string root, Uri baseUrl)
    {
        _listener = listener;
        _root = Path.GetFullPath(root);
        BaseUrl = baseUrl;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Where the bundle is served, ending in a slash.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts serving <paramref name="root"/> on a free loopback port.</summary>
    public static StaticFileServer Start(string root)
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var baseUrl = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseUrl.ToString());
            try
            {
                listener.Start();
                return new StaticFileServer(listener, root, baseUrl);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close(); // the port was taken between the probe and the bind; try another
            }
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
            if (relative.Length == 0) relative = "index.html";
            var path = Path.GetFullPath(Path.Combine(_root, relative));
            response.Headers["Cache-Control"] = "no-cache";
            if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            {
                response.StatusCode = 404;
                return;
            }
            response.ContentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            await using var file = File.OpenRead(path);
            response.ContentLength64 = file.Length;
            await file.CopyToAsync(response.OutputStream).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpListenerException)
        {
            // the page went away mid-response (a crash or a closed page): nothing to serve
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
        }
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
