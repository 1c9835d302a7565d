namespace Matrix.Complement.Harness.Network;

/// <summary>A request and the response the client received, recorded by a sniff rule.</summary>
/// <param name="Request">The request (with its body).</param>
/// <param name="Status">The status the client received (after any rewrite).</param>
/// <param name="ResponseBody">The response body the client received, or null if it was not captured.</param>
/// <param name="TimeUtc">When the response was complete.</param>
public sealed record SniffedFlow(ProxyRequest Request, int Status, string? ResponseBody, DateTimeOffset TimeUtc)
{
    /// <summary>The response body parsed as JSON, or null.</summary>
    public JsonNode? ResponseJson
    {
        get
        {
            if (string.IsNullOrWhiteSpace(ResponseBody)) return null;
            try
            {
                return JsonNode.Parse(ResponseBody);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
