using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// YARP's request and response hooks for the proxy: forwards the request target byte for byte (federation
/// requests are signed over their exact URI, so <c>%21room%3Ahs1</c> must not become <c>!room:hs1</c>), keeps the
/// original <c>Host</c> (a federation request to <c>hs2</c> still says <c>hs2</c>), and applies the response-side actions — hold, drop, JSON replace or
/// rewrite, sniff — plus token learning. Responses no action needs stream through untouched and unbuffered.
/// </summary>
internal sealed class FlowTransformer(TokenDirectory tokens) : HttpTransformer
{
    private static readonly UriCreationOptions ExactUri = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        var rawTarget = httpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(rawTarget) && rawTarget[0] == '/')
            proxyRequest.RequestUri = new Uri(destinationPrefix.TrimEnd('/') + rawTarget, in ExactUri);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        if (proxyResponse is null || httpContext.Items[FlowState.Key] is not FlowState state) return proceed;

        foreach (var rule in state.OnResponse.Where(r => r.Action is { Kind: FaultKind.Hold }))
            await rule.Scope.HoldAsync(cancellationToken).ConfigureAwait(false);
        if (state.OnResponse.Any(r => r.Action is { Kind: FaultKind.Drop }))
        {
            state.Error = $"dropped after the server answered {(int)proxyResponse.StatusCode}";
            state.Dropped = true;
            httpContext.Abort();
            return false;
        }

        // A long poll that matched while a scope was active may answer after the scope ended (sliding sync's
        // request outlives a short fault): its response is left as the server sent it.
        var rewrites = state.OnResponse.Where(r => r.Action.NeedsResponseBody && !r.Scope.IsDisposed).ToList();
        if (!state.LearnTokens && rewrites.Count == 0) return proceed;

        var body = await proxyResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (state.LearnTokens && proxyResponse.IsSuccessStatusCode)
            state.LearntUser = tokens.Learn(body, state.Request.UserId);
        foreach (var rule in rewrites)
            body = Rewrite(httpContext, rule.Action, body);
        state.ResponseBody = body;

        var bytes = Encoding.UTF8.GetBytes(body);
        httpContext.Response.Headers.ContentLength = bytes.Length;
        await httpContext.Response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>Applies a replace or transform action to a response body; sniffing leaves it as it is.</summary>
    internal static string Rewrite(HttpContext httpContext, FaultAction action, string body)
    {
        switch (action.Kind)
        {
            case FaultKind.ReplaceJson:
                if (action.Status is { } status) httpContext.Response.StatusCode = status;
                httpContext.Response.ContentType = "application/json";
                return action.Body?.ToJsonString() ?? "";
            case FaultKind.TransformJson:
                JsonNode? parsed;
                try
                {
                    parsed = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
                }
                catch (JsonException)
                {
                    parsed = null;
                }
                httpContext.Response.ContentType = "application/json";
                return action.Transform!(parsed)?.ToJsonString() ?? "";
            default:
                return body;
        }
    }
}
