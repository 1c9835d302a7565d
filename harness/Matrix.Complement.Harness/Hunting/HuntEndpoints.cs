namespace Matrix.Complement.Harness.Hunting;

/// <summary>The client-server endpoints a hunt may make fail (<see cref="HuntActionKind.EndpointFault"/>).</summary>
public static class HuntEndpoints
{
    /// <summary>Short name → (method, path template) of each endpoint.</summary>
    public static IReadOnlyDictionary<string, (string Method, string Path)> All { get; } =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["keys/claim"] = ("POST", "/_matrix/client/v3/keys/claim"),
            ["keys/query"] = ("POST", "/_matrix/client/v3/keys/query"),
            ["sendToDevice"] = ("PUT", "/_matrix/client/v3/sendToDevice/{type}/{txn}"),
        };

    /// <summary>The short names, in a fixed order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["keys/claim", "keys/query", "sendToDevice"];
}
