namespace Matrix.Complement.Harness.Deployment;

/// <summary>How a deployment is started.</summary>
public sealed record DeploymentOptions
{
    /// <summary>How many homeservers (hs1..hsN).</summary>
    public int Homeservers { get; init; } = 2;

    /// <summary>Image per server name; servers not listed use <see cref="Configuration.HarnessSettings.ImageFor"/>.</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>Replaces the image's command (for tests of the harness itself, e.g. a server that never answers).</summary>
    public IReadOnlyList<string>? CommandOverride { get; init; }

    /// <summary>How long each server may take to answer; default <see cref="Waiting.Timeouts.ContainerStart"/>.</summary>
    public TimeSpan? StartTimeout { get; init; }

    /// <summary>
    /// Routes federation through the fault-injection proxy: in each container, every other server's name resolves
    /// to the proxy's address for that server, where the proxy terminates TLS with a certificate for that name
    /// (issued by the run CA) and forwards over TLS to the server. Needed for federation faults
    /// (<see cref="Network.NetworkFaults.PartitionAsync"/>). Default false: servers federate directly.
    /// </summary>
    public bool RouteFederationThroughProxy { get; init; }

    /// <summary>Extra YAML overlays per server name, mounted at <c>/complement/conf.d</c>.</summary>
    public IReadOnlyDictionary<string, string> ConfigOverlays { get; init; } = new Dictionary<string, string>();
}
