namespace Matrix.Complement.Harness.Network;

/// <summary>What the proxy knows about one request while it is in flight (kept in <c>HttpContext.Items</c>).</summary>
internal sealed class FlowState(ProxyRequest request)
{
    public static readonly object Key = new();

    public ProxyRequest Request { get; set; } = request;

    /// <summary>Rules that fired on this request, in order.</summary>
    public List<ActiveRule> Fired { get; } = [];

    /// <summary>Fired rules whose action happens once the server has answered.</summary>
    public List<ActiveRule> OnResponse { get; } = [];

    /// <summary>The response may carry a new access token, to be learnt.</summary>
    public bool LearnTokens { get; set; }

    /// <summary>The user a token-issuing response named.</summary>
    public string? LearntUser { get; set; }

    /// <summary>The body the client received, when the proxy buffered it.</summary>
    public string? ResponseBody { get; set; }

    /// <summary>True when the proxy closed the client's connection on purpose (the client got no status).</summary>
    public bool Dropped { get; set; }

    /// <summary>Why the flow did not complete normally.</summary>
    public string? Error { get; set; }

    /// <summary>True when any fired rule wants request and response bodies in the flow log.</summary>
    public bool RecordBodies => Fired.Count > 0 && Request.Body is not null;
}
