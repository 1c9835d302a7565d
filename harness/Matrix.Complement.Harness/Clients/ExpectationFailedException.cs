namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// The product (an SDK or a homeserver) did not do what a scenario expected: a failure, as opposed to an error of
/// the harness or environment (those surface as other exceptions). The message names the actor, the client kind,
/// the homeserver, the expectation, the elapsed time and what was observed; secrets in it are masked at source
/// (<see cref="Diagnostics.Redaction"/>), so the failure lands in result files without them.
/// </summary>
public sealed class ExpectationFailedException(string message, Exception? inner = null) : Exception(Diagnostics.Redaction.Redact(message), inner);
