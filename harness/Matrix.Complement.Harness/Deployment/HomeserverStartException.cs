namespace Matrix.Complement.Harness.Deployment;

/// <summary>A homeserver container that did not become ready; the message carries the tail of its log.</summary>
public sealed class HomeserverStartException(string message, Exception? inner = null) : Exception(Diagnostics.Redaction.Redact(message), inner);
