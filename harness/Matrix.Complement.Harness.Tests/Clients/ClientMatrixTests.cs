using Matrix.Complement.Harness.Clients;

namespace Matrix.Complement.Harness.Tests.Clients;

public sealed class ClientMatrixTests
{
    [Test]
    public void A_kind_without_a_server_runs_on_hs1_and_the_pair_names_both_sides()
    {
        var pairs = ClientMatrix.Parse("js:js, js@hs1:nio@hs2");

        Assert.That(pairs, Has.Count.EqualTo(2));
        Assert.That(pairs[0], Is.EqualTo(new ClientPair(new(ClientKind.Js, "hs1"), new(ClientKind.Js, "hs1"))));
        Assert.That(pairs[1].ToString(), Is.EqualTo("js@hs1|nio@hs2"));
        Assert.That(pairs[1].IsFederated, Is.True);
        Assert.That(pairs[0].IsFederated, Is.False);
    }

    [Test]
    public void Kinds_and_servers_are_case_insensitive_and_duplicates_collapse() =>
        Assert.That(ClientMatrix.Parse("JS@HS2:Raw,js@hs2:raw"),
            Is.EqualTo(new[] { new ClientPair(new(ClientKind.Js, "hs2"), new(ClientKind.Raw, "hs1")) }));

    [TestCase("", TestName = "Empty input")]
    [TestCase("js", TestName = "A side without a partner")]
    [TestCase("js:js:js", TestName = "Three sides")]
    [TestCase("js:rust", TestName = "An unknown kind")]
    [TestCase("js@server1:js", TestName = "A server that is not hsN")]
    [TestCase("js@hs0:js", TestName = "hs0")]
    [TestCase("js:js,", TestName = "A trailing comma")]
    public void Malformed_input_throws_an_error_that_shows_the_grammar(string text)
    {
        var error = Assert.Throws<FormatException>(() => ClientMatrix.Parse(text));
        Assert.That(error!.Message, Does.Contain(ClientMatrix.Grammar).And.Contain($"'{text}'"));
    }

    [Test]
    public void Every_pair_round_trips_through_its_printed_form()
    {
        var sides = Enum.GetValues<ClientKind>().SelectMany(k => Enumerable.Range(1, 9).Select(i => new ClientSpec(k, $"hs{i}"))).ToList();
        foreach (var alice in sides)
        foreach (var bob in sides)
            Assert.That(ClientMatrix.Parse($"{alice}:{bob}").Single(), Is.EqualTo(new ClientPair(alice, bob)));
    }

    [Test]
    public void The_default_matrix_covers_one_server_and_federation() =>
        Assert.That(ClientMatrix.Parse(ClientMatrix.DefaultMatrix).Select(p => p.IsFederated), Is.EquivalentTo(new[] { false, true }));
}
