using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// The proxy's request pipeline: identify the flow (server, direction, user, origin), match the installed rules,
/// apply request-side actions (delay, hold, fail, drop), forward with YARP, and log the flow. A request no rule
/// matches is forwarded as a stream: its body is never buffered.
/// </summary>
internal sealed class FlowHandler(
    IReadOnlyDictionary<IPEndPoint, ProxyEndpoint> endpoints,
    IHttpForwarder forwarder,
    HttpMessageInvoker clientInvoker,
    HttpMessageInvoker federationInvoker,
    RuleSet rules,
    TokenDirectory tokens,
    FlowJournal journal)
{
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        // Long-polls (/sync) and held responses must not be cut by the proxy before the client gives up.
        ActivityTimeout = TimeSpan.FromMinutes(10),
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        AllowResponseBuffering = false,
    };

    private readonly FlowTransformer _transformer = new(tokens);

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var time = DateTimeOffset.UtcNow;
        var local = new IPEndPoint(context.Connection.LocalIpAddress!.MapToIPv4(), context.Connection.LocalPort);
        if (!endpoints.TryGetValue(local, out var endpoint))
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }
        var requestBytes = new CountingStream(context.Request.Body);
        var responseBytes = new CountingStream(context.Response.Body);
        context.Request.Body = requestBytes;
        context.Response.Body = responseBytes;

        var token = AccessToken(context.Request);
        var state = new FlowState(new ProxyRequest(endpoint.Server, endpoint.Direction, context.Request.Method,
            context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "", tokens.UserOf(token), token,
            Origin(context.Request)));
        try
        {
            await MatchAsync(context, state).ConfigureAwait(false);
            if (await ApplyRequestActionsAsync(context, state).ConfigureAwait(false))
            {
                state.LearnTokens = endpoint.Direction == TrafficDirection.ClientServer &&
                                    TokenDirectory.IssuesTokens(state.Request.Method, state.Request.Path);
                context.Items[FlowState.Key] = state;
                var invoker = endpoint.Direction == TrafficDirection.Federation ? federationInvoker : clientInvoker;
                var error = await forwarder.SendAsync(context, endpoint.Backend.ToString(), invoker, RequestConfig, _transformer)
                    .ConfigureAwait(false);
                if (error != ForwarderError.None)
                    state.Error ??= $"{error}: {context.Features.Get<IForwarderErrorFeature>()?.Exception?.Message}";
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            state.Error ??= "the client went away";
        }
        finally
        {
            Finish(context, state, time, Stopwatch.GetElapsedTime(started), requestBytes.Count, responseBytes.Count);
        }
    }

    private async Task MatchAsync(HttpContext context, FlowState state)
    {
        var candidates = rules.Candidates(state.Request);
        if (candidates is null) return;
        if (candidates.Any(c => c.Rule.BodyMatches is not null || c.Action.Kind == FaultKind.Sniff))
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, false, 4096, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            context.Request.Body.Position = 0;
            state.Request = state.Request with { Body = body };
        }
        foreach (var candidate in candidates)
        {
            if (candidate.Rule.MatchesBody(state.Request) && candidate.TryFire()) state.Fired.Add(candidate);
        }
    }

    /// <summary>Applies request-side actions in rule order; false when the proxy answered (or dropped) itself.</summary>
    private static async Task<bool> ApplyRequestActionsAsync(HttpContext context, FlowState state)
    {
        foreach (var rule in state.Fired)
        {
            var action = rule.Action;
            switch (action.Kind)
            {
                case FaultKind.Delay:
                    await Task.Delay(action.Duration, context.RequestAborted).ConfigureAwait(false);
                    break;
                case FaultKind.Hold when action.Point == FaultPoint.Request:
                    await rule.Scope.HoldAsync(context.RequestAborted).ConfigureAwait(false);
                    break;
                case FaultKind.Drop when action.Point == FaultPoint.Request:
                    state.Error = "dropped before forwarding";
                    state.Dropped = true;
                    context.Abort();
                    return false;
                case FaultKind.Fail:
                    var body = action.BodyBytes();
                    context.Response.StatusCode = action.Status ?? StatusCodes.Status504GatewayTimeout;
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength = body.Length;
                    state.ResponseBody = Encoding.UTF8.GetString(body);
                    await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
                    return false;
                default:
                    state.OnResponse.Add(rule);
                    break;
            }
        }
        return true;
    }

    private void Finish(HttpContext context, FlowState state, DateTimeOffset time, TimeSpan duration, long requestBytes,
        long responseBytes)
    {
        var request = state.Request;
        var status = state.Dropped ? 0 : context.Response.StatusCode;
        var sniffed = new List<(ActiveRule Rule, SniffedFlow Flow)>();
        foreach (var sniff in state.Fired.Where(r => r.Action.Kind == FaultKind.Sniff))
        {
            var flow = new SniffedFlow(request, status, state.ResponseBody, DateTimeOffset.UtcNow);
            sniffed.Add((sniff, flow));
            try
            {
                sniff.Action.Callback?.Invoke(flow);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                state.Error ??= $"sniff callback threw {e.GetType().Name}: {e.Message}";
            }
        }
        journal.Add(new FlowRecord
        {
            Time = time,
            Server = request.Server,
            Direction = request.Direction,
            Origin = request.Origin,
            Method = request.Method,
            Path = Diagnostics.Redaction.Redact(request.Path + request.Query),
            Status = status,
            DurationMs = Math.Round(duration.TotalMilliseconds, 2),
            RequestBytes = requestBytes,
            ResponseBytes = responseBytes,
            User = request.UserId ?? state.LearntUser,
            Rules = state.Fired.Count == 0 ? null : state.Fired.Select(r => r.Label).ToList(),
            RequestBody = state.RecordBodies ? FlowRecord.Clip(request.Body) : null,
            ResponseBody = state.RecordBodies ? FlowRecord.Clip(state.ResponseBody) : null,
            Error = state.Error,
        });
        // Recorded after the journal entry: whoever waits for a sniffed flow finds it in the traffic log too.
        foreach (var (sniff, flow) in sniffed) sniff.Scope.Record(flow);
    }

    /// <summary>The access token of a client-server request: bearer header first, then the query parameter.</summary>
    internal static string? AccessToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim();
        return request.Query.TryGetValue("access_token", out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;
    }

    /// <summary>The <c>origin</c> of an <c>X-Matrix</c> authorization header, or null.</summary>
    internal static string? Origin(HttpRequest request) => XMatrixOrigin(request.Headers.Authorization.ToString());

    /// <summary>Parses <c>X-Matrix origin=hs1,destination="hs2",key=…,sig=…</c> for its origin.</summary>
    internal static string? XMatrixOrigin(string header)
    {
        if (!header.StartsWith("X-Matrix ", StringComparison.OrdinalIgnoreCase)) return null;
        foreach (var part in header[9..].Split(','))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || !part[..eq].Trim().Equals("origin", StringComparison.OrdinalIgnoreCase)) continue;
            return part[(eq + 1)..].Trim().Trim('"');
        }
        return null;
    }
}
