using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Raw;

namespace Matrix.Complement.Harness.Tests.Clients.Raw;

/// <summary>The room state the raw client keeps from its sync: memberships, encryption, history visibility.</summary>
public sealed class RawRoomTests
{
    private static JsonObject State(string type, string stateKey, JsonObject content) =>
        new() { ["type"] = type, ["state_key"] = stateKey, ["content"] = content };

    [Test]
    public void State_events_set_memberships_encryption_and_history_visibility_and_the_latest_wins()
    {
        var room = new RawRoom("!r:hs1");
        room.Apply(State("m.room.member", "@a:hs1", new JsonObject { ["membership"] = "invite" }));
        room.Apply(State("m.room.member", "@a:hs1", new JsonObject { ["membership"] = "join" }));
        room.Apply(State("m.room.encryption", "", new JsonObject { ["algorithm"] = "m.megolm.v1.aes-sha2" }));
        room.Apply(State("m.room.history_visibility", "", new JsonObject { ["history_visibility"] = "joined" }));

        Assert.That(room.Members["@a:hs1"], Is.EqualTo(Membership.Join));
        Assert.That(room.Encryption, Is.Not.Null);
        Assert.That(room.HistoryVisibility, Is.EqualTo("joined"));
    }

    [Test]
    public void Message_events_and_encryption_without_an_algorithm_change_nothing()
    {
        var room = new RawRoom("!r:hs1");
        room.Apply(new JsonObject { ["type"] = "m.room.member", ["content"] = new JsonObject { ["membership"] = "join" } });
        room.Apply(State("m.room.encryption", "", []));

        Assert.That(room.Members, Is.Empty);
        Assert.That(room.Encryption, Is.Null);
    }
}
