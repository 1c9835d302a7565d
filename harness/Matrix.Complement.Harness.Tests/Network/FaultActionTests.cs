using Matrix.Complement.Harness.Network;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace Matrix.Complement.Harness.Tests.Network;

/// <summary>Fault actions, their limits and scopes, without a proxy.</summary>
[TestFixture]
public sealed class FaultActionTests
{
    [Test]
    public void Fail_defaults_to_a_matrix_error_naming_the_harness()
    {
        var fail = FaultAction.Fail(504);
        Assert.That(fail.Body!["errcode"]!.GetValue<string>(), Is.EqualTo("M_UNKNOWN"));
        Assert.That(fail.ToString(), Is.EqualTo("fail 504"));
        Assert.That(fail.Times(2).ToString(), Is.EqualTo("fail 504 x2"));
    }

    [Test]
    public void Invalid_actions_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultAction.Delay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FaultAction.Sniff().Times(0));
    }

    [Test]
    public void A_limited_action_fires_only_for_the_first_matches()
    {
        var scope = new RuleScope(new RuleSet(), "test");
        scope.AddRule(new NetworkRule().ServerWide(), FaultAction.Fail().Times(2), null);
        var rule = scope.Rules[0];
        var fired = Enumerable.Range(0, 5).Select(_ => rule.TryFire()).ToList();
        Assert.That(fired, Is.EqualTo(new[] { true, true, false, false, false }));
        Assert.That(scope.Matches, Is.EqualTo(2));
    }

    [Test]
    public async Task A_hold_lasts_until_release_and_later_matches_pass()
    {
        var scope = new RuleScope(new RuleSet(), "hold");
        var held = scope.HoldAsync(CancellationToken.None);
        await scope.WaitForHeldAsync(1, TimeSpan.FromSeconds(5));
        Assert.That(held.IsCompleted, Is.False, "held until released");
        scope.Release();
        await held.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(scope.Held, Is.Zero);
        Assert.That(scope.HoldAsync(CancellationToken.None).IsCompleted, Is.True, "after release, no more holding");
    }

    [Test]
    public async Task Disposing_a_scope_removes_its_rules_and_releases_what_it_holds()
    {
        var set = new RuleSet();
        var scope = new RuleScope(set, "hold");
        scope.AddRule(new NetworkRule().ServerWide(), FaultAction.Hold(), null);
        set.Add(scope.Rules);
        var held = scope.HoldAsync(CancellationToken.None);
        Assert.That(set.Count, Is.EqualTo(1));
        await scope.DisposeAsync();
        await held.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(set.Count, Is.Zero);
    }

    [Test]
    public void Waiting_for_matches_that_never_come_times_out_with_context()
    {
        var scope = new RuleScope(new RuleSet(), "PUT /x -> hold request");
        var e = Assert.ThrowsAsync<TimeoutException>(() => scope.WaitForMatchesAsync(1, TimeSpan.FromMilliseconds(50)));
        Assert.That(e!.Message, Does.Contain("PUT /x -> hold request").And.Contain("0 matched"));
    }

    [Test]
    public void Json_actions_rewrite_the_body_and_status()
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = 200;
        var replaced = FlowTransformer.Rewrite(context, FaultAction.ReplaceJson(new JsonObject { ["x"] = 1 }, 418), """{"y":2}""");
        Assert.That(replaced, Is.EqualTo("""{"x":1}"""));
        Assert.That(context.Response.StatusCode, Is.EqualTo(418));

        var transformed = FlowTransformer.Rewrite(context, FaultAction.TransformJson(j =>
        {
            j!["user_id"] = "@mallory:hs1";
            return j;
        }), """{"user_id":"@alice:hs1","device_id":"D"}""");
        Assert.That(JsonNode.Parse(transformed)!["user_id"]!.GetValue<string>(), Is.EqualTo("@mallory:hs1"));
        Assert.That(JsonNode.Parse(transformed)!["device_id"]!.GetValue<string>(), Is.EqualTo("D"));

        var fromNonJson = FlowTransformer.Rewrite(context, FaultAction.TransformJson(j => j is null ? new JsonObject() : j), "<html>");
        Assert.That(fromNonJson, Is.EqualTo("{}"), "a non-JSON body reaches the transform as null");
        Assert.That(FlowTransformer.Rewrite(context, FaultAction.Sniff(), "as is"), Is.EqualTo("as is"));
    }
}
