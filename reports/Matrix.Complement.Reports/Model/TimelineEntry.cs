namespace Matrix.Complement.Reports.Model;

/// <summary>How loud a timeline entry is.</summary>
public enum EntryLevel
{
    /// <summary>Ordinary.</summary>
    Info,

    /// <summary>A warning, a 4xx response.</summary>
    Warn,

    /// <summary>An error, a failed call, a 5xx or dropped response.</summary>
    Error,
}

/// <summary>One line of a test's merged timeline.</summary>
/// <param name="Time">When it happened (UTC); entries without a time of their own inherit the previous one.</param>
/// <param name="Source"><c>call</c>, <c>push</c>, <c>flow</c>, or the log's name (<c>hs1</c>, <c>hs2</c>, …).</param>
/// <param name="Who">The actor, user or server.</param>
/// <param name="What">One line.</param>
/// <param name="Detail">More, shown folded (arguments, results, bodies).</param>
/// <param name="Level">How loud.</param>
public sealed record TimelineEntry(DateTimeOffset Time, string Source, string Who, string What, string? Detail, EntryLevel Level)
{
    /// <summary>The kind of source, for colours and filters: call, push, flow or log.</summary>
    public string SourceKind => Source is "call" or "push" or "flow" ? Source : "log";
}
