using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Protocol;

namespace Matrix.Complement.Harness.Tests.Clients;

public sealed class TimelineViewTests
{
    private static TimelineEvent Event(string id, DecryptionState state, string? body = null) =>
        new("!r:hs1", id, "m.room.message", "@a:hs1", null, body, true, state,
            state == DecryptionState.Failed ? DecryptionFailureCode.MegolmUnknownInboundSessionId : null, "s", 1);

    [Test]
    public async Task A_waiter_resolves_when_the_event_it_waits_for_is_decrypted()
    {
        var view = new TimelineView();
        view.Update(Event("$1", DecryptionState.Pending));
        var wait = view.WaitAsync("!r:hs1", e => e.EventId == "$1" && e.Decryption == DecryptionState.Decrypted,
            TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.That(wait.IsCompleted, Is.False);

        view.Update(Event("$1", DecryptionState.Decrypted, "hi"));

        Assert.That((await wait)!.Body, Is.EqualTo("hi"));
    }

    [Test]
    public void A_late_pending_update_does_not_hide_a_settled_state()
    {
        var view = new TimelineView();
        view.Update(Event("$1", DecryptionState.Decrypted, "hi"));
        view.Update(Event("$1", DecryptionState.Pending));
        Assert.That(view.Events("!r:hs1").Single().Decryption, Is.EqualTo(DecryptionState.Decrypted));
    }

    [Test]
    public async Task A_wait_that_times_out_returns_null_and_the_description_lists_the_utds()
    {
        var view = new TimelineView();
        view.Update(Event("$1", DecryptionState.Failed));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var found = await view.WaitAsync("!r:hs1", e => e.IsReadable, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.That(found, Is.Null);
        Assert.That(view.Describe("!r:hs1", "a readable event", clock),
            Does.Contain("1 UTD").And.Contain("$1").And.Contain("MEGOLM_UNKNOWN_INBOUND_SESSION_ID"));
    }
}
