namespace Matrix.Complement.Harness.Network;

/// <summary>What a <see cref="FaultAction"/> does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Answer with a status and body instead of forwarding.</summary>
    Fail,

    /// <summary>Wait before forwarding.</summary>
    Delay,

    /// <summary>Keep the request (or its response) until the test releases it.</summary>
    Hold,

    /// <summary>Forward, then replace the JSON response body.</summary>
    ReplaceJson,

    /// <summary>Forward, then rewrite the JSON response body with a function.</summary>
    TransformJson,

    /// <summary>Close the client's connection (before forwarding, or after the server answered).</summary>
    Drop,

    /// <summary>Forward unchanged; record the request and response, and call back.</summary>
    Sniff,
}
