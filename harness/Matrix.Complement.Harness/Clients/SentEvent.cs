namespace Matrix.Complement.Harness.Clients;

/// <summary>A message the client sent.</summary>
/// <param name="EventId">The id the homeserver gave it.</param>
/// <param name="Body">The text sent.</param>
/// <param name="SentAtMs">Epoch milliseconds, taken by the client immediately before it sent (for latency).</param>
public sealed record SentEvent(string EventId, string Body, double SentAtMs);
