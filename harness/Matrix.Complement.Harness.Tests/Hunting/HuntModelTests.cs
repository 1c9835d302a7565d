using Matrix.Complement.Harness.Hunting;
using static Matrix.Complement.Harness.Hunting.HuntActionKind;

namespace Matrix.Complement.Harness.Tests.Hunting;

/// <summary>The hunt model's predictions, rule by rule, and its preconditions.</summary>
public sealed class HuntModelTests
{
    private static HuntModel Replay(params HuntAction[] actions) =>
        HuntModel.TryReplay(actions) ?? throw new AssertionException("the sequence is not valid: " + string.Join("; ", actions));

    private static Expectation Verdict(HuntModel model, int message, string device) =>
        model.Predict().Single(p => p.Message == message && p.Device == device).Expect;

    private static HuntAction Message(string user, int device = 1) => new(HuntActionKind.Send, user, device);

    [Test]
    public void Members_at_send_time_and_the_sender_must_decrypt()
    {
        var model = Replay(Message("alice"));
        Assert.That(Verdict(model, 0, "alice#1"), Is.EqualTo(Expectation.Must));
        Assert.That(Verdict(model, 0, "bob#1"), Is.EqualTo(Expectation.Must));
    }

    [Test]
    public void A_user_who_was_not_a_member_must_not_decrypt_even_after_joining()
    {
        var model = Replay(Message("alice"), new(Invite, "charlie"), new(Join, "charlie"));
        Assert.That(Verdict(model, 0, "charlie#1"), Is.EqualTo(Expectation.MustNot));
    }

    [Test]
    public void An_invited_user_must_decrypt_what_was_sent_while_invited_once_joined()
    {
        var model = Replay(new(Invite, "charlie"), Message("alice"), new(Join, "charlie"));
        Assert.That(Verdict(model, 0, "charlie#1"), Is.EqualTo(Expectation.Must));
    }

    [Test]
    public void A_message_sent_while_a_user_had_left_must_not_decrypt_after_rejoining()
    {
        var model = Replay(Message("alice"), new(Leave, "bob"), Message("alice"), new(Invite, "bob"), new(Join, "bob"), Message("alice"));
        Assert.That(Verdict(model, 0, "bob#1"), Is.EqualTo(Expectation.Must), "sent while bob was in");
        Assert.That(Verdict(model, 1, "bob#1"), Is.EqualTo(Expectation.MustNot), "sent while bob had left");
        Assert.That(Verdict(model, 2, "bob#1"), Is.EqualTo(Expectation.Must), "sent after he rejoined");
    }

    [Test]
    public void A_device_logged_in_after_a_message_must_not_decrypt_it_without_backup_but_must_decrypt_later_ones()
    {
        var model = Replay(Message("alice"), new(NewDevice, "bob"), Message("alice"));
        Assert.That(Verdict(model, 0, "bob#2"), Is.EqualTo(Expectation.MustNot));
        Assert.That(Verdict(model, 1, "bob#2"), Is.EqualTo(Expectation.Must));
    }

    [Test]
    public void A_message_sent_across_a_partition_without_an_Olm_session_may_stay_unreadable_there()
    {
        var model = Replay(new(Partition), Message("bob"), Message("alice"), new(Heal));
        Assert.That(Verdict(model, 0, "alice#1"), Is.EqualTo(Expectation.May), "bob could not claim alice's one-time keys");
        Assert.That(Verdict(model, 1, "bob#1"), Is.EqualTo(Expectation.May), "alice could not claim bob's one-time keys");
    }

    [Test]
    public void A_message_sent_across_a_partition_over_an_existing_Olm_session_must_arrive_after_the_heal()
    {
        var model = Replay(Message("alice"), new(Partition), Message("bob"), new(Heal));
        Assert.That(Verdict(model, 1, "alice#1"), Is.EqualTo(Expectation.Must), "alice's room key gave them an Olm session");
    }

    [Test]
    public void A_claim_that_failed_in_a_partition_stays_backed_off_until_the_other_device_opens_a_session()
    {
        var model = Replay(new(Partition), Message("bob"), new(Heal), Message("bob"), Message("alice"), Message("bob"));
        Assert.That(Verdict(model, 1, "alice#1"), Is.EqualTo(Expectation.May), "bob's claim for hs1 is backed off");
        Assert.That(Verdict(model, 2, "bob#1"), Is.EqualTo(Expectation.Must), "alice never failed a claim");
        Assert.That(Verdict(model, 3, "alice#1"), Is.EqualTo(Expectation.Must), "alice's room key opened an Olm session");
    }

    [Test]
    public void A_partition_changes_nothing_between_devices_on_one_server()
    {
        var model = Replay(new(NewDevice, "alice"), new(Partition), Message("alice"), new(Heal));
        Assert.That(Verdict(model, 0, "alice#2"), Is.EqualTo(Expectation.Must));
    }

    [Test]
    public void A_restore_from_backup_gives_a_new_device_what_the_backup_holds()
    {
        var model = Replay(new(EnableBackup, "bob", 1), Message("alice"), new(NewDevice, "bob"), new(RestoreBackup, "bob", 2));
        Assert.That(Verdict(model, 0, "bob#2"), Is.EqualTo(Expectation.Must));
    }

    [Test]
    public void Backup_without_a_restore_leaves_an_old_message_undecided_on_a_new_device()
    {
        var model = Replay(new(EnableBackup, "bob", 1), Message("alice"), new(NewDevice, "bob"));
        Assert.That(Verdict(model, 0, "bob#2"), Is.EqualTo(Expectation.May));
    }

    [Test]
    public void A_backup_does_not_hold_what_its_device_logged_out_before_receiving()
    {
        var model = Replay(new(NewDevice, "bob"), new(EnableBackup, "bob", 2), new(Logout, "bob", 2), Message("alice"),
            new(NewDevice, "bob"), new(RestoreBackup, "bob", 3));
        Assert.That(Verdict(model, 0, "bob#3"), Is.EqualTo(Expectation.May), "bob#3 restored, but the enabler never had m0");
    }

    [Test]
    public void A_restore_before_the_message_does_not_count()
    {
        var model = Replay(new(EnableBackup, "bob", 1), new(NewDevice, "bob"), new(RestoreBackup, "bob", 2), Message("alice"));
        Assert.That(Verdict(model, 0, "bob#2"), Is.EqualTo(Expectation.Must), "bob#2 existed when m0 was sent");
    }

    [Test]
    public void A_device_logged_in_while_its_user_was_only_invited_is_undecided_until_the_user_joins()
    {
        var model = Replay(new(Invite, "charlie"), new(NewDevice, "charlie"), Message("alice"), new(Join, "charlie"), Message("alice"));
        Assert.That(Verdict(model, 0, "charlie#1"), Is.EqualTo(Expectation.Must), "charlie#1 was known when charlie was invited");
        Assert.That(Verdict(model, 0, "charlie#2"), Is.EqualTo(Expectation.May), "nobody need have heard of charlie#2 yet");
        Assert.That(Verdict(model, 1, "charlie#2"), Is.EqualTo(Expectation.Must), "announced by the join");
    }

    [Test]
    public void A_device_logged_in_while_its_user_had_left_is_undecided_until_the_user_joins_again()
    {
        var model = Replay(new(Leave, "bob"), new(NewDevice, "bob"), new(Invite, "bob"), Message("alice"), new(Join, "bob"), Message("alice"));
        Assert.That(Verdict(model, 0, "bob#2"), Is.EqualTo(Expectation.May));
        Assert.That(Verdict(model, 1, "bob#2"), Is.EqualTo(Expectation.Must));
    }

    [Test]
    public void Devices_of_users_outside_the_room_and_logged_out_devices_are_not_checked()
    {
        var model = Replay(new(NewDevice, "bob"), Message("alice"), new(Logout, "bob", 1), new(Leave, "bob"));
        Assert.That(model.Predict().Select(p => p.Device).Distinct(), Is.EquivalentTo(new[] { "alice#1" }));
    }

    [Test]
    public void Restarts_crashes_faults_and_partitions_over_Olm_sessions_change_no_prediction()
    {
        var plain = Replay(Message("alice"), Message("bob"), Message("alice"));
        var noisy = Replay(Message("alice"), new(Partition), Message("bob"), new(Crash, "bob", 1),
            new(EndpointFault, "alice", Endpoint: "keys/claim", Times: 2), new(Heal), Message("alice"), new(Restart, "alice", 1));
        Assert.That(noisy.Predict(), Is.EqualTo(plain.Predict()));
    }

    [TestCase(Invite, "alice")]
    [TestCase(Join, "charlie")]
    [TestCase(Leave, "alice")]
    [TestCase(Leave, "charlie")]
    [TestCase(Send, "charlie")]
    [TestCase(Logout, "bob")]
    [TestCase(RestoreBackup, "bob")]
    [TestCase(Heal, null)]
    public void Actions_whose_preconditions_fail_are_not_enabled(HuntActionKind kind, string? user)
    {
        var action = new HuntAction(kind, user, kind is Send or Logout or RestoreBackup ? 1 : 0);
        Assert.That(HuntModel.Initial().IsEnabled(action), Is.False);
        Assert.That(HuntModel.Initial().Enabled(), Does.Not.Contain(action));
    }

    [Test]
    public void Membership_and_device_changes_wait_for_the_partition_to_heal()
    {
        var model = Replay(new HuntAction(Partition));
        Assert.That(model.Enabled().Select(a => a.Kind).Distinct(),
            Is.EquivalentTo(new[] { Send, Restart, Crash, EndpointFault, Heal }));
    }

    [Test]
    public void Applying_an_action_that_is_not_allowed_throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => HuntModel.Initial().Apply(new HuntAction(Join, "bob")));
        Assert.That(e!.Message, Does.Contain("bob joins").And.Contain("step 1"));
    }
}
