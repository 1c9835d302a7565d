namespace Matrix.Complement.NUnit;

/// <summary>
/// One entry of the divergence ledger: a scenario that is known to fail for a client kind or a server, why, and
/// where it is tracked. Matching tests report as expected failures; if one passes, it is reported as an
/// unexpected pass (a failure), so the ledger shrinks instead of rotting.
/// </summary>
/// <param name="Scenario">The scenario method's name, or <c>Class.Method</c>.</param>
/// <param name="Reason">Why the SDK or server diverges from the spec or its own documented behaviour.</param>
/// <param name="Link">An issue, pull request or spec section that tracks it.</param>
public sealed record KnownDivergence(string Scenario, string Reason, string Link)
{
    /// <summary>Only when this client kind (<c>js</c>, <c>nio</c>, <c>raw</c>) takes part; null for any.</summary>
    public string? ClientKind { get; init; }

    /// <summary>
    /// Only when Alice, the first side of the pair, is of this kind (<c>js</c>, <c>nio</c>, <c>raw</c>); null for
    /// any. For divergences of the side that acts (sends, rotates) where Alice does and Bob only observes.
    /// </summary>
    public string? AliceKind { get; init; }

    /// <summary>Only when this homeserver (by logical name, e.g. <c>hs2</c>) takes part; null for any.</summary>
    public string? Server { get; init; }

    /// <summary>Only for exactly this client pair as written in test names (e.g. <c>js@hs1|js/sss@hs1</c>); null for any.</summary>
    public string? Clients { get; init; }

    /// <summary>
    /// The divergence shows only sometimes (a race in the SDK): a failure is an expected failure, and a pass is
    /// a pass rather than an unexpected pass. Use only with evidence of both outcomes, and say so in the reason.
    /// </summary>
    public bool Intermittent { get; init; }

    /// <summary>Whether this entry covers a test of <paramref name="className"/>.<paramref name="method"/> run with
    /// the client pair or kind written as <paramref name="clients"/> (e.g. <c>js@hs1|nio@hs2</c>, or empty).</summary>
    public bool Covers(string className, string method, string clients)
    {
        var named = Scenario == method || Scenario == $"{className}.{method}";
        if (!named) return false;
        var sides = clients.Split('|', StringSplitOptions.RemoveEmptyEntries);
        if (ClientKind is not null && !sides.Any(s => KindOf(s) == ClientKind)) return false;
        if (AliceKind is not null && (sides.Length == 0 || KindOf(sides[0]) != AliceKind)) return false;
        if (Server is not null && !sides.Any(s => s.EndsWith("@" + Server, StringComparison.Ordinal))) return false;
        if (Clients is not null && Clients != clients) return false;
        return true;
    }

    private static string KindOf(string side) => side.Split('@')[0].Split('/')[0];
}
