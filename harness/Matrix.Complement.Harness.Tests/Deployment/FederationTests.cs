using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Deployment;

/// <summary>The shared hs1+hs2 deployment, exercised with raw client-server API calls (no SDK).</summary>
[Category("Docker")]
public sealed class FederationTests : ScenarioTest
{
    [Test, Spec("server-server-api/#server-discovery"), CancelAfter(120_000)]
    public async Task A_message_crosses_TLS_federation_from_hs1_to_hs2(CancellationToken ct)
    {
        // Given
        var deployment = await DeploymentAsync(ct);
        HomeserverHandle hs1 = deployment["hs1"], hs2 = deployment["hs2"];
        var alice = await hs1.RegisterUserAsync("alice", ct);
        var bob = await hs2.RegisterUserAsync("bob", ct);

        // When
        var room = await hs1.Api.CreateRoomAsync(alice, new JsonObject
        {
            ["preset"] = "private_chat", ["name"] = TestContext.CurrentContext.Test.Name, ["invite"] = new JsonArray(bob.UserId),
        }, ct);
        await WaitForAsync(hs2.Api, bob, $"{bob.UserId} is invited to {room}", s => s["rooms"]?["invite"]?[room] is not null, ct);
        await hs2.Api.JoinAsync(bob, room, ["hs1"], ct);
        var eventId = await hs1.Api.SendTextAsync(alice, room, "over federation", ct);

        // Then
        await WaitForAsync(hs2.Api, bob, $"{bob.UserId} sees {eventId} in {room}",
            s => (s["rooms"]?["join"]?[room]?["timeline"]?["events"]?.AsArray() ?? [])
                .Any(e => e?["event_id"]?.GetValue<string>() == eventId &&
                          e["content"]?["body"]?.GetValue<string>() == "over federation"), ct);
    }

    [Test, Spec("client-server-api/#account-registration-and-management"), CancelAfter(60_000)]
    public async Task The_shared_secret_registers_a_server_admin(CancellationToken ct)
    {
        var deployment = await DeploymentAsync(ct);
        var admin = await deployment["hs1"].RegisterAdminAsync("admin", ct);

        var whois = await deployment["hs1"].Api.SendAsync(HttpMethod.Get,
            $"/_synapse/admin/v2/users/{Uri.EscapeDataString(admin.UserId)}", admin, null, ct);
        Assert.That(whois["admin"]?.GetValue<bool>(), Is.True);
    }

    [Test, CancelAfter(60_000)]
    public async Task A_wrong_shared_secret_is_refused(CancellationToken ct)
    {
        var deployment = await DeploymentAsync(ct);
        var e = Assert.ThrowsAsync<MatrixApiException>(() => deployment["hs1"].Api.RegisterWithSharedSecretAsync(
            HomeserverHandle.UniqueLocalpart("mallory"), "pw-mallory", admin: true, sharedSecret: "not-complement", ct: ct))!;
        Assert.That(e.Status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private static Task WaitForAsync(ClientServerApi api, MatrixSession who, string expectation,
        Func<JsonObject, bool> holds, CancellationToken ct) =>
        Eventually.SatisfiesAsync(expectation, Timeouts.MessageDelivery,
            c => api.SyncAsync(who, null, 0, c), s => holds(s) ? null : "not yet in /sync", ct,
            TimeSpan.FromMilliseconds(200));
}
