using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Clients;

/// <summary>How a client is created and where it writes its diagnostics.</summary>
public sealed record ClientOptions
{
    /// <summary>
    /// Sync v2 or MSC4186 sliding sync; null (the default) takes it from the <see cref="ClientSpec"/> (a new device:
    /// from the existing client). Set it only to override the client matrix.
    /// </summary>
    public SyncMode? SyncMode { get; init; }

    /// <summary>The test's artefact folder: console log, Playwright trace, driver log and the call timeline go here.</summary>
    public TestArtefacts? Artefacts { get; init; }

    /// <summary>The test's full name, written on every timeline line.</summary>
    public string? TestName { get; init; }

    /// <summary>
    /// Deliberate faults the driver applies to this device (named in the driver's fault list, e.g. the js driver's
    /// <c>faults.js</c>). Only for testing the harness's own bug hunting; never set by a conformance scenario.
    /// </summary>
    public IReadOnlyList<string> Faults { get; init; } = [];
}
