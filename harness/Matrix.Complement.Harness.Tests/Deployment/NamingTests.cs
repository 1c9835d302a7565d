using Matrix.Complement.Harness.Deployment;

namespace Matrix.Complement.Harness.Tests.Deployment;

public sealed class NamingTests
{
    [Test]
    public void Slot_addresses_are_loopback_and_distinct_per_server_and_proxy()
    {
        using var slot = LoopbackSlot.Acquire();
        var addresses = Enumerable.Range(1, 9).SelectMany(i => new[] { slot.HomeserverAddress(i), slot.ProxyAddress(i) }).ToList();
        Assert.That(addresses, Is.Unique);
        Assert.That(addresses.All(IPAddress.IsLoopback), Is.True);
        if (slot.Number == 0) Assert.That(slot.HomeserverAddress(1), Is.EqualTo(IPAddress.Parse("127.0.0.11")));
    }

    [Test]
    public void Two_deployments_never_share_a_slot()
    {
        using var a = LoopbackSlot.Acquire();
        using var b = LoopbackSlot.Acquire();
        Assert.That(a.Number, Is.Not.EqualTo(b.Number));
        Assert.That(a.HomeserverAddress(1), Is.Not.EqualTo(b.HomeserverAddress(1)));
    }

    [Test]
    public void A_released_slot_can_be_taken_again()
    {
        int number;
        using (var first = LoopbackSlot.Acquire()) number = first.Number;
        using var again = LoopbackSlot.Acquire();
        Assert.That(again.Number, Is.LessThanOrEqualTo(number));
    }

    [Test]
    public void Unique_localparts_carry_the_actor_and_never_repeat()
    {
        var names = Enumerable.Range(0, 200).Select(_ => HomeserverHandle.UniqueLocalpart("Alice")).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names, Has.All.StartsWith("alice-"));
        Assert.That(names, Has.All.Match("^[a-z0-9._=/-]+$"));
    }

    [Test]
    public void The_owner_label_tells_a_live_process_from_a_dead_one()
    {
        Assert.That(ContainerLabels.IsDead(ContainerLabels.CurrentOwner), Is.False);
        Assert.That(ContainerLabels.IsDead(null), Is.True);
        Assert.That(ContainerLabels.IsDead("garbage"), Is.True);
        var parts = ContainerLabels.CurrentOwner.Split('/');
        Assert.That(ContainerLabels.IsDead($"{parts[0]}/{parts[1]}/{long.Parse(parts[2]) + 1}"), Is.True, "same pid, other start time");
        Assert.That(ContainerLabels.IsDead($"other-boot/{parts[1]}/{parts[2]}"), Is.True, "previous boot");
    }
}
