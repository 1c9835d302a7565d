using System.Text;

namespace Matrix.Complement.Harness.Configuration;

/// <summary>
/// One of <see cref="Count"/> deterministic slices of the scenario suite (<c>MATRIX_COMPLEMENT_SHARD=i/n</c>), so
/// CI machines can split it: a test belongs to shard <c>1 + h mod n</c>, where <c>h</c> is a stable hash (FNV-1a
/// over UTF-8) of its full name, pair included. The same name lands in the same shard on every machine and run,
/// and the shards together hold every test exactly once.
/// </summary>
/// <param name="Index">This shard, from 1.</param>
/// <param name="Count">How many shards the suite is split into.</param>
public sealed record TestShard(int Index, int Count)
{
    /// <summary>The grammar, for error messages.</summary>
    public const string Grammar = "i/n with 1 <= i <= n, e.g. 1/3 (this machine runs the first of three slices)";

    /// <summary>The whole suite: one shard.</summary>
    public static TestShard All { get; } = new(1, 1);

    /// <summary>The shard of this process: <see cref="HarnessSettings.Shard"/>, validated; the whole suite when unset.</summary>
    public static TestShard Current => Parse(HarnessSettings.Shard.Value);

    /// <summary>Parses <c>i/n</c>; null or empty is the whole suite; anything else fails with the grammar.</summary>
    public static TestShard Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return All;
        var parts = value.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out var i) &&
            int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out var n) && n >= 1 && i >= 1 && i <= n)
            return new TestShard(i, n);
        throw new InvalidOperationException($"{HarnessSettings.Shard.Name}='{value}' is not a shard: use {Grammar}.");
    }

    /// <summary>True when the test named <paramref name="fullName"/> belongs to this shard.</summary>
    public bool Includes(string fullName) => Count == 1 || ShardOf(fullName, Count) == Index;

    /// <summary>The shard (from 1) of <paramref name="fullName"/> when the suite is split in <paramref name="count"/>.</summary>
    public static int ShardOf(string fullName, int count)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(fullName))
            hash = unchecked((hash ^ b) * 16777619u);
        return (int)(hash % (uint)count) + 1;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
