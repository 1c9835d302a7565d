using System.Text;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// What happens to a request a <see cref="NetworkRule"/> matched. Built with the factories
/// (<see cref="Fail"/>, <see cref="Delay"/>, <see cref="Hold"/>, <see cref="ReplaceJson"/>,
/// <see cref="TransformJson"/>, <see cref="Drop"/>, <see cref="Sniff"/>) and limited to the first matches with
/// <see cref="Times"/>.
/// </summary>
public sealed record FaultAction
{
    private FaultAction(FaultKind kind) => Kind = kind;

    /// <summary>What the action does.</summary>
    public FaultKind Kind { get; }

    /// <summary>How many matches the action applies to (the first N); null for every match.</summary>
    public int? Limit { get; private init; }

    /// <summary>For <see cref="FaultKind.Fail"/> and <see cref="FaultKind.ReplaceJson"/>: the status sent (null keeps the server's).</summary>
    public int? Status { get; private init; }

    /// <summary>For <see cref="FaultKind.Fail"/> and <see cref="FaultKind.ReplaceJson"/>: the JSON body sent.</summary>
    public JsonNode? Body { get; private init; }

    /// <summary>For <see cref="FaultKind.Delay"/>: how long.</summary>
    public TimeSpan Duration { get; private init; }

    /// <summary>For <see cref="FaultKind.Hold"/> and <see cref="FaultKind.Drop"/>: before or after the server.</summary>
    public FaultPoint Point { get; private init; }

    /// <summary>For <see cref="FaultKind.TransformJson"/>: the rewrite (gets the parsed body, returns the new one).</summary>
    public Func<JsonNode?, JsonNode?>? Transform { get; private init; }

    /// <summary>For <see cref="FaultKind.Sniff"/>: called with each recorded flow (on the proxy's thread; keep it short).</summary>
    public Action<SniffedFlow>? Callback { get; private init; }

    /// <summary>
    /// Answers with <paramref name="status"/> and <paramref name="body"/> (default: a Matrix error naming the
    /// harness) without forwarding; the server never sees the request.
    /// </summary>
    public static FaultAction Fail(int status = 504, JsonNode? body = null) => new(FaultKind.Fail)
    {
        Status = status,
        Body = body ?? new JsonObject { ["errcode"] = "M_UNKNOWN", ["error"] = $"fault injected by Matrix.Complement ({status})" },
    };

    /// <summary>Waits <paramref name="duration"/> before forwarding.</summary>
    public static FaultAction Delay(TimeSpan duration) => duration < TimeSpan.Zero
        ? throw new ArgumentOutOfRangeException(nameof(duration), "A delay is not negative.")
        : new(FaultKind.Delay) { Duration = duration };

    /// <summary>
    /// Holds each matching request (or, with <see cref="FaultPoint.Response"/>, its response) until
    /// <see cref="RuleScope.Release"/> or the scope's disposal.
    /// </summary>
    public static FaultAction Hold(FaultPoint point = FaultPoint.Request) => new(FaultKind.Hold) { Point = point };

    /// <summary>Forwards, then sends <paramref name="body"/> (and <paramref name="status"/>, if given) instead of the server's response.</summary>
    public static FaultAction ReplaceJson(JsonNode body, int? status = null) => new(FaultKind.ReplaceJson) { Body = body, Status = status };

    /// <summary>Forwards, then sends <paramref name="transform"/> applied to the server's JSON response body.</summary>
    public static FaultAction TransformJson(Func<JsonNode?, JsonNode?> transform) =>
        new(FaultKind.TransformJson) { Transform = transform };

    /// <summary>
    /// Closes the client's connection: before forwarding (the server never sees the request) or, with
    /// <see cref="FaultPoint.Response"/>, after the server acted but before the client hears of it.
    /// </summary>
    public static FaultAction Drop(FaultPoint point = FaultPoint.Request) => new(FaultKind.Drop) { Point = point };

    /// <summary>Forwards unchanged, records request and response bodies in the scope, and calls <paramref name="callback"/>.</summary>
    public static FaultAction Sniff(Action<SniffedFlow>? callback = null) => new(FaultKind.Sniff) { Callback = callback };

    /// <summary>Applies the action to the first <paramref name="count"/> matches only; later matches pass through.</summary>
    public FaultAction Times(int count) => count < 1
        ? throw new ArgumentOutOfRangeException(nameof(count), "An action applies at least once.")
        : this with { Limit = count };

    /// <summary>True when the action must see the server's response body.</summary>
    internal bool NeedsResponseBody => Kind is FaultKind.ReplaceJson or FaultKind.TransformJson or FaultKind.Sniff;

    /// <summary>The injected body as UTF-8 bytes.</summary>
    internal byte[] BodyBytes() => Encoding.UTF8.GetBytes(Body?.ToJsonString() ?? "");

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FaultKind.Fail => $"fail {Status}",
        FaultKind.Delay => $"delay {Duration.TotalMilliseconds:F0}ms",
        FaultKind.Hold => $"hold {Point.ToString().ToLowerInvariant()}",
        FaultKind.Drop => $"drop {Point.ToString().ToLowerInvariant()}",
        FaultKind.ReplaceJson => "replace json",
        FaultKind.TransformJson => "transform json",
        _ => "sniff",
    } + (Limit is { } n ? $" x{n}" : "");
}
