using Docker.DotNet.Models;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Deployment;

/// <summary>No traffic may leave loopback: every server is on the host network at a 127/8 address, and names map there.</summary>
[Category("Docker")]
public sealed class LoopbackOnlyTests : ScenarioTest
{
    [Test, CancelAfter(120_000)]
    public async Task Every_container_is_on_the_host_network_with_loopback_names(CancellationToken ct)
    {
        var deployment = await DeploymentAsync(ct);
        Assert.That(deployment.HostMap.Values.All(IPAddress.IsLoopback), Is.True);

        using var docker = DockerEngine.CreateClient();
        foreach (var server in deployment.Homeservers)
        {
            var inspect = await docker.Containers.InspectContainerAsync(server.ContainerName, ct);
            Assert.That(inspect.HostConfig!.NetworkMode, Is.EqualTo("host"), server.Name);
            Assert.That(inspect.HostConfig.PortBindings ?? new Dictionary<string, IList<PortBinding>>(), Is.Empty, server.Name);
            Assert.That(inspect.HostConfig.ExtraHosts, Has.Count.EqualTo(deployment.Homeservers.Count), $"{server.Name}: one hosts entry per server");
            foreach (var entry in inspect.HostConfig.ExtraHosts!)
                Assert.That(IPAddress.IsLoopback(IPAddress.Parse(entry.Split(':', 2)[1])), Is.True, $"{server.Name}: {entry}");
        }
    }
}
