using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Tests.Configuration;

public sealed class TestShardTests
{
    private static readonly string[] Names =
    [
        .. Enumerable.Range(0, 400).Select(i => $"Matrix.Complement.Scenarios.Crypto.Scenario{i % 37}(js@hs1|nio@hs2).Test_{i}"),
    ];

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(5)]
    public void The_shards_hold_every_test_exactly_once_and_share_the_load(int n)
    {
        var shards = Enumerable.Range(1, n).Select(i => new TestShard(i, n)).ToArray();
        foreach (var name in Names)
            Assert.That(shards.Count(s => s.Includes(name)), Is.EqualTo(1), name);
        foreach (var shard in shards)
            Assert.That(Names.Count(shard.Includes), Is.InRange(Names.Length / n / 2, Names.Length / n * 2), $"shard {shard}");
    }

    [Test]
    public void A_name_lands_in_the_same_shard_on_every_machine()
    {
        // FNV-1a of the UTF-8 bytes, not string.GetHashCode (randomised per process).
        Assert.That(TestShard.ShardOf("a", 1000), Is.EqualTo((int)(0xE40C292Cu % 1000) + 1));
        Assert.That(TestShard.ShardOf("Matrix.Complement.X.Y", 4), Is.EqualTo((int)(0x0017917Du % 4) + 1));
    }

    [TestCase(null, 1, 1)]
    [TestCase("", 1, 1)]
    [TestCase("2/3", 2, 3)]
    [TestCase("1/1", 1, 1)]
    public void A_shard_is_parsed(string? value, int index, int count) =>
        Assert.That(TestShard.Parse(value), Is.EqualTo(new TestShard(index, count)));

    [TestCase("0/3")]
    [TestCase("4/3")]
    [TestCase("3")]
    [TestCase("a/b")]
    [TestCase("-1/2")]
    [TestCase("1/0")]
    public void A_malformed_shard_fails_with_the_grammar(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => TestShard.Parse(value))!;
        Assert.That(e.Message, Does.Contain("MATRIX_COMPLEMENT_SHARD").And.Contain(value).And.Contain("i/n"));
    }

    [Test]
    public void The_whole_suite_includes_everything() =>
        Assert.That(Names.All(TestShard.All.Includes), Is.True);
}
