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
    [TestCase("js/sliding:js", TestName = "An unknown sync mode")]
    [TestCase("js/:js", TestName = "An empty sync mode")]
    [TestCase("js@hs2/sss:js", TestName = "The sync mode after the server")]
    [TestCase("js/sss/v2:js", TestName = "Two sync modes")]
    public void Malformed_input_throws_an_error_that_shows_the_grammar(string text)
    {
        var error = Assert.Throws<FormatException>(() => ClientMatrix.Parse(text));
        Assert.That(error!.Message, Does.Contain(ClientMatrix.Grammar).And.Contain($"'{text}'"));
    }

    [Test]
    public void Every_pair_round_trips_through_its_printed_form()
    {
        var sides = Enum.GetValues<ClientKind>().SelectMany(k => Enumerable.Range(1, 9).SelectMany(i =>
            Enum.GetValues<SyncMode>().Select(m => new ClientSpec(k, $"hs{i}", m)))).ToList();
        foreach (var alice in sides)
        foreach (var bob in sides)
            Assert.That(ClientMatrix.Parse($"{alice}:{bob}").Single(), Is.EqualTo(new ClientPair(alice, bob)));
    }

    [Test]
    public void A_side_carries_its_sync_mode_and_v2_is_the_default()
    {
        var pairs = ClientMatrix.Parse("js/sss:js/v2, JS/SSS@HS2:js@hs1");

        Assert.That(pairs[0], Is.EqualTo(new ClientPair(new(ClientKind.Js, "hs1", SyncMode.Msc4186), new(ClientKind.Js, "hs1"))));
        Assert.That(pairs[1], Is.EqualTo(new ClientPair(new(ClientKind.Js, "hs2", SyncMode.Msc4186), new(ClientKind.Js, "hs1", SyncMode.V2))));
        Assert.That(pairs.Select(p => p.ToString()), Is.EqualTo(new[] { "js/sss@hs1|js@hs1", "js/sss@hs2|js@hs1" }));
    }

    [Test]
    public void A_pair_that_differs_only_in_sync_mode_is_a_separate_pair() =>
        Assert.That(ClientMatrix.Parse("js:js,js:js/sss,js:js/v2"), Has.Count.EqualTo(2));

    [Test]
    public void The_default_matrix_has_two_pairs_with_sliding_sync_on_a_side_of_each()
    {
        var pairs = ClientMatrix.Parse(ClientMatrix.DefaultMatrix);

        Assert.That(pairs, Has.Count.EqualTo(2));
        Assert.That(pairs.All(p => p.Alice.SyncMode == SyncMode.Msc4186 || p.Bob.SyncMode == SyncMode.Msc4186), Is.True,
            ClientMatrix.DefaultMatrix);
        Assert.That(pairs.All(p => p.Alice.SyncMode == SyncMode.V2 || p.Bob.SyncMode == SyncMode.V2), Is.True,
            "each default pair should also cross the two sync modes");
    }

    [Test]
    public void The_default_matrix_covers_one_server_and_federation() =>
        Assert.That(ClientMatrix.Parse(ClientMatrix.DefaultMatrix).Select(p => p.IsFederated), Is.EquivalentTo(new[] { false, true }));
}
