namespace Matrix.Complement.Harness.Network;

/// <summary>What a per-test <see cref="TrafficLog"/> keeps.</summary>
public sealed record TrafficLogOptions
{
    /// <summary>
    /// Keep every flow during the test, whoever made it. Only meaningful for a <c>[NonParallelizable]</c> test;
    /// otherwise other tests' flows (redacted) end up in this test's log.
    /// </summary>
    public bool AllTraffic { get; init; }

    /// <summary>Keep federation flows during the test (they carry no user, so they cannot be attributed). Default true.</summary>
    public bool IncludeFederation { get; init; } = true;

    /// <summary>The artefact file name. Default <c>proxy-flows.jsonl</c>.</summary>
    public string FileName { get; init; } = "proxy-flows.jsonl";
}
