namespace Matrix.Complement.NUnit;

/// <summary>
/// The divergence ledger: every known difference between what a scenario expects (from the spec or the SDK's
/// documented behaviour) and what a client kind or server does. Scenarios never weaken an assertion for a
/// divergence; they are listed here instead, with the reason and a link.
/// </summary>
public static class KnownDivergences
{
    /// <summary>All entries.</summary>
    public static IReadOnlyList<KnownDivergence> All { get; } =
    [
    ];

    /// <summary>The entry covering a test, if any.</summary>
    public static KnownDivergence? Find(string className, string method, string clients) =>
        All.FirstOrDefault(d => d.Covers(className, method, clients));
}
