namespace Matrix.Complement.Reports.Model;

/// <summary>One unable-to-decrypt event a client reported in a test.</summary>
/// <param name="TestId">The test's id.</param>
/// <param name="Actor">The client that could not decrypt (alice, bob).</param>
/// <param name="ClientKind">Its kind (js, nio, raw), or <c>?</c>.</param>
/// <param name="EventId">The event.</param>
/// <param name="Code">The protocol name of its <c>DecryptionFailureCode</c>.</param>
/// <param name="Expected">Whether the scenario expected it.</param>
public sealed record UtdObservation(string TestId, string Actor, string ClientKind, string EventId, string Code, bool Expected);
