using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace Matrix.Complement.Harness.Deployment;

/// <summary>
/// The harness's own view of the Docker engine: settings Testcontainers must see before first use, the sweep of
/// dead runs' containers, and the leftover check.
/// </summary>
public static class DockerEngine
{
    private static readonly SemaphoreSlim SweepOnce = new(1, 1);
    private static bool _swept;

    /// <summary>
    /// Runs before any Testcontainers type is touched: Ryuk cannot be pulled here (the harness labels and sweeps
    /// instead), and an older engine needs the API version set-up detected.
    /// </summary>
#pragma warning disable CA2255 // deliberate: must run before Testcontainers reads its settings
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Configure()
    {
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null &&
            Configuration.HarnessSettings.Lookup("DOCKER_API_VERSION") is { } version)
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", version);
    }

    /// <summary>A Docker client on the same endpoint and API version as Testcontainers.</summary>
    /// <exception cref="DockerUnavailableException">No Docker engine answers (with what to do about it).</exception>
    public static DockerClient CreateClient()
    {
        var endpoint = TestcontainersSettings.OS.DockerEndpointAuthConfig ?? throw new DockerUnavailableException(
            "No Docker engine answers (DOCKER_HOST" + (Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host ? $"={host}" : " unset") +
            ", nor the default socket). Run `./complement setup` (as root it installs docker.io and starts dockerd without a " +
            "bridge network), or start an engine and point DOCKER_HOST at it.");
        var builder = endpoint.GetDockerClientBuilder(Guid.Empty);
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is { } v && System.Version.TryParse(v, out var version))
            builder = builder.WithApiVersion(version);
        return builder.Build();
    }

    /// <summary>No Docker engine answers; the message says what to do.</summary>
    public sealed class DockerUnavailableException(string message) : InvalidOperationException(message);

    /// <summary>Removes, once per process, containers of runs whose owning process has gone.</summary>
    public static async Task SweepDeadRunsAsync(CancellationToken ct = default)
    {
        await SweepOnce.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_swept) return;
            using var docker = CreateClient();
            foreach (var c in await ListOursAsync(docker, null, ct).ConfigureAwait(false))
            {
                c.Labels.TryGetValue(ContainerLabels.Owner, out var owner);
                if (ContainerLabels.IsDead(owner))
                    await docker.Containers.RemoveContainerAsync(c.ID, new ContainerRemoveParameters { Force = true }, ct)
                        .ConfigureAwait(false);
            }
            _swept = true;
        }
        finally
        {
            SweepOnce.Release();
        }
    }

    /// <summary>The images of <paramref name="images"/> not present in the local engine (all of them when none answers).</summary>
    public static async Task<IReadOnlyList<string>> MissingImagesAsync(IEnumerable<string> images, CancellationToken ct = default)
    {
        var missing = new List<string>();
        foreach (var image in images)
        {
            try
            {
                using var docker = CreateClient();
                await docker.Images.InspectImageAsync(image, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DockerApiException or HttpRequestException or TimeoutException or DockerUnavailableException)
            {
                missing.Add(image);
            }
        }
        return missing;
    }

    /// <summary>Names of the harness's containers still present, for one run or (null) for any run.</summary>
    public static async Task<IReadOnlyList<string>> ContainersOfRunAsync(string? runId, CancellationToken ct = default)
    {
        using var docker = CreateClient();
        var list = await ListOursAsync(docker, runId, ct).ConfigureAwait(false);
        return list.Select(c => c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID).ToList();
    }

    private static async Task<IList<ContainerListResponse>> ListOursAsync(DockerClient docker, string? runId, CancellationToken ct) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool>
                {
                    [runId is null ? ContainerLabels.Run : $"{ContainerLabels.Run}={runId}"] = true,
                },
            },
        }, ct).ConfigureAwait(false);
}
