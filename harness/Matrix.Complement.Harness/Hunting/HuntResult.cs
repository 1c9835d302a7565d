namespace Matrix.Complement.Harness.Hunting;

/// <summary>What a hunt found.</summary>
/// <param name="Seed">The seed it ran with.</param>
/// <param name="Runs">Sequences run on real clients before a failure (or until the budget was spent).</param>
/// <param name="ShrinkRuns">Sequences run while shrinking a failure.</param>
/// <param name="FirstFailure">The first failing run, if any.</param>
/// <param name="Shrunk">The smallest failing run shrinking reached, if any.</param>
/// <param name="Errors">Runs that broke before their checks (not failures; listed for the hunter).</param>
/// <param name="Others">Failures that were not the one hunted or shrunk (each saved as a replayable file too).</param>
/// <param name="Elapsed">Wall time of the hunt.</param>
public sealed record HuntResult(ulong Seed, int Runs, int ShrinkRuns, HuntOutcome? FirstFailure, HuntOutcome? Shrunk,
    IReadOnlyList<HuntOutcome> Errors, IReadOnlyList<HuntOutcome> Others, TimeSpan Elapsed)
{
    /// <summary>True when a failure was found.</summary>
    public bool Found => Shrunk is not null;
}
