using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Deployment;

/// <summary>Deployments of their own (never the shared one): restart, pause, start failures, cleanup.</summary>
[Category("Docker")]
public sealed class LifecycleTests : ScenarioTest
{
    [Test, CancelAfter(180_000)]
    public async Task A_restarted_server_keeps_its_users_and_rooms(CancellationToken ct)
    {
        // Given
        await using var deployment = await Harness.Deployment.Deployment.StartAsync(new() { Homeservers = 1 }, ct);
        var hs = deployment["hs1"];
        var carol = await hs.RegisterUserAsync("carol", ct);
        var room = await hs.Api.CreateRoomAsync(carol, new JsonObject { ["name"] = "kept" }, ct);

        // When
        await hs.RestartAsync(ct);

        // Then
        var again = await hs.Api.LoginAsync(carol.Localpart, carol.Password, ct: ct);
        var joined = await hs.Api.SendAsync(HttpMethod.Get, "/_matrix/client/v3/joined_rooms", again, null, ct);
        Assert.That(joined["joined_rooms"]!.AsArray().Select(r => r!.GetValue<string>()), Does.Contain(room));
    }

    [Test, CancelAfter(120_000)]
    public async Task A_paused_server_answers_nothing_until_it_is_unpaused(CancellationToken ct)
    {
        await using var deployment = await Harness.Deployment.Deployment.StartAsync(new() { Homeservers = 1 }, ct);
        var hs = deployment["hs1"];
        using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var versions = new Uri(hs.ClientBaseUrl, "_matrix/client/versions");

        await using (await hs.PauseAsync(ct))
        {
            Assert.ThrowsAsync<TaskCanceledException>(() => probe.GetAsync(versions, ct));
        }

        using var response = await probe.GetAsync(versions, ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test, CancelAfter(120_000)]
    public async Task A_server_that_never_answers_fails_with_its_log_tail(CancellationToken ct)
    {
        var options = new DeploymentOptions
        {
            Homeservers = 1,
            CommandOverride = ["sh", "-c", "echo never-ready-marker >&2; exec sleep 600"],
            StartTimeout = TimeSpan.FromSeconds(4),
        };

        var before = await DockerEngine.ContainersOfRunAsync(Harness.Diagnostics.RunContext.Current.RunId, ct);

        var e = Assert.ThrowsAsync<HomeserverStartException>(() => Harness.Deployment.Deployment.StartAsync(options, ct))!;

        Assert.That(e.Message, Does.Contain("never-ready-marker"));
        Assert.That(e.Message, Does.Contain("did not answer within 4s"));
        Assert.That(e.Message, Does.Contain("MATRIX_COMPLEMENT_HS_START_TIMEOUT"));
        Assert.That(await DockerEngine.ContainersOfRunAsync(Harness.Diagnostics.RunContext.Current.RunId, ct),
            Is.SubsetOf(before), "the container that never got ready was removed");
    }

    [Test, CancelAfter(120_000)]
    public async Task A_server_that_exits_fails_with_its_log_tail(CancellationToken ct)
    {
        var options = new DeploymentOptions
        {
            Homeservers = 1,
            CommandOverride = ["sh", "-c", "echo config-broken-marker >&2; exit 3"],
            StartTimeout = TimeSpan.FromSeconds(30),
        };

        var e = Assert.ThrowsAsync<HomeserverStartException>(() => Harness.Deployment.Deployment.StartAsync(options, ct))!;

        Assert.That(e.Message, Does.Contain("config-broken-marker").And.Contain("exited"));
    }

    [Test, CancelAfter(120_000)]
    public async Task Disposing_a_deployment_removes_its_containers(CancellationToken ct)
    {
        string[] names;
        await using (var deployment = await Harness.Deployment.Deployment.StartAsync(new() { Homeservers = 2 }, ct))
        {
            names = deployment.Homeservers.Select(h => h.ContainerName).ToArray();
            Assert.That(await DockerEngine.ContainersOfRunAsync(deployment.RunId, ct), Is.SupersetOf(names));
        }
        Assert.That(await DockerEngine.ContainersOfRunAsync(Harness.Diagnostics.RunContext.Current.RunId, ct),
            Has.None.AnyOf(names));
    }
}
