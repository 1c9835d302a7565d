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
    public void The_default_matrix_crosses_the_sync_modes_in_its_js_pairs()
    {
        var jsPairs = ClientMatrix.Parse(ClientMatrix.DefaultMatrix)
            .Where(p => p.Alice.Kind == ClientKind.Js && p.Bob.Kind == ClientKind.Js).ToList();

        Assert.That(jsPairs.Select(p => p.IsFederated), Is.EquivalentTo(new[] { false, true }), ClientMatrix.DefaultMatrix);
        Assert.That(jsPairs.All(p => p.Alice.SyncMode != p.Bob.SyncMode), Is.True,
            "each js:js default pair should have one side on sync v2 and the other on MSC4186");
    }

    [TestCase(ClientKind.Nio)]
    [TestCase(ClientKind.Raw)]
    public void The_default_matrix_pairs_each_other_kind_with_js(ClientKind kind) =>
        Assert.That(ClientMatrix.Parse(ClientMatrix.DefaultMatrix).Select(p => (p.Alice.Kind, p.Bob.Kind)),
            Does.Contain((kind, ClientKind.Js)).Or.Contain((ClientKind.Js, kind)), ClientMatrix.DefaultMatrix);

    [Test]
    public void The_default_matrix_pairs_the_other_kinds_with_js_on_one_server_and_across_federation_in_both_roles()
    {
        var mixed = ClientMatrix.Parse(ClientMatrix.DefaultMatrix).Where(p => (p.Alice.Kind == ClientKind.Js) != (p.Bob.Kind == ClientKind.Js)).ToList();

        Assert.That(mixed.Select(p => p.IsFederated).Distinct(), Is.EquivalentTo(new[] { false, true }), ClientMatrix.DefaultMatrix);
        Assert.That(mixed.Select(p => p.Alice.Kind == ClientKind.Js).Distinct(), Is.EquivalentTo(new[] { false, true }),
            "another kind should send first (Alice) in one pair with js and receive first (Bob) in another");
    }

    [Test]
    public void The_default_matrix_puts_only_js_on_sliding_sync() =>
        Assert.That(ClientMatrix.Parse(ClientMatrix.DefaultMatrix).SelectMany(p => new[] { p.Alice, p.Bob })
            .Where(s => s.SyncMode == SyncMode.Msc4186).Select(s => s.Kind), Is.All.EqualTo(ClientKind.Js),
            "nio and raw sync with v2 only: a side of theirs on /sss would only be skipped");

    [Test]
    public void Single_client_kinds_are_each_sdk_kind_once_on_hs1_without_raw() =>
        Assert.That(ClientMatrix.KindsOf(ClientMatrix.Parse("raw:js/sss@hs2,nio@hs2:raw,js:nio")),
            Is.EqualTo(new[] { new ClientSpec(ClientKind.Js, "hs1"), new ClientSpec(ClientKind.Nio, "hs1") }));
}
