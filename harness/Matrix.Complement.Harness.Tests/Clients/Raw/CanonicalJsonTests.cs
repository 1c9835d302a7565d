using Matrix.Complement.Harness.Clients.Raw;

namespace Matrix.Complement.Harness.Tests.Clients.Raw;

/// <summary>Canonical JSON as the spec's appendix defines it, and what a signature covers.</summary>
public sealed class CanonicalJsonTests
{
    [Test]
    public void Keys_are_sorted_at_every_level_without_whitespace_and_unicode_stays_unescaped()
    {
        var value = JsonNode.Parse("""{"b": 1, "a": {"d": [true, null], "c": "日本"}}""");
        Assert.That(CanonicalJson.Of(value), Is.EqualTo("""{"a":{"c":"日本","d":[true,null]},"b":1}"""));
    }

    [Test]
    public void The_signing_input_leaves_out_signatures_and_unsigned()
    {
        var value = JsonNode.Parse("""{"key": "k", "signatures": {"@a:hs1": {}}, "unsigned": {"x": 1}}""")!.AsObject();
        Assert.That(CanonicalJson.SigningInput(value), Is.EqualTo("""{"key":"k"}"""));
        Assert.That(value.ContainsKey("signatures"), Is.True, "the input object is left as it was");
    }
}
