namespace Matrix.Complement.Cli;

/// <summary>Options of <c>bench</c>.</summary>
/// <param name="Out">Where the JSON goes.</param>
/// <param name="Only">Figure names (or prefixes) to measure; empty for all.</param>
/// <param name="Samples">Samples for latency figures.</param>
internal sealed record BenchOptions(string Out, IReadOnlyList<string> Only, int Samples)
{
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(Path.Combine("reports", "bench", "latest.json"), [], 30);
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--out" => options with { Out = Next() },
                "--only" => options with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--samples" => int.TryParse(Next(), out var n) && n > 0 ? options with { Samples = n }
                    : throw new ArgumentException("--samples takes a positive number"),
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }
        return options;
    }

    /// <summary>Whether the figure (or group of figures) named <paramref name="name"/> was asked for.</summary>
    public bool Wants(string name) => Only.Count == 0 || Only.Any(o => name.StartsWith(o, StringComparison.Ordinal));
}
