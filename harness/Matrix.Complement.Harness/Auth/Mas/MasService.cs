using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Auth.Mas;

/// <summary>
/// MAS and its PostgreSQL as Testcontainers fixtures on the host network (loopback addresses of a
/// <see cref="LoopbackSlot"/>, images never pulled): PostgreSQL on 127.0.k.201 with its data on tmpfs, MAS on
/// 127.0.k.200 (web 8080, health 8081) with a generated <see cref="MasConfig"/>. Dispose removes both.
/// </summary>
public sealed class MasService : IAsyncDisposable
{
    private const string ConfigPath = "/complement/mas/config.yaml";
    private readonly IContainer _postgres;
    private readonly IContainer _mas;

    private MasService(IContainer postgres, IContainer mas, Uri baseUrl, string secret)
    {
        _postgres = postgres;
        _mas = mas;
        BaseUrl = baseUrl;
        SharedSecret = secret;
    }

    /// <summary>MAS's public base URL and issuer.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The secret shared with Synapse.</summary>
    public string SharedSecret { get; }

    /// <summary>
    /// Starts PostgreSQL, then MAS provisioning into <paramref name="homeserver"/> (server name
    /// <paramref name="serverName"/>); returns once MAS answers <c>/health</c>. Throws naming missing images.
    /// </summary>
    public static async Task<MasService> StartAsync(LoopbackSlot slot, string serverName, Uri homeserver, string secret,
        string directory, CancellationToken ct = default)
    {
        var missing = await MasImages.MissingAsync(ct).ConfigureAwait(false);
        if (missing.Count > 0)
            throw new InvalidOperationException($"MAS images not present in the local Docker engine: {string.Join(", ", missing)}.");
        var run = RunContext.Current.RunId;
        var pgAddress = slot.PostgresAddress();
        var address = slot.AuthServerAddress();
        var baseUrl = AuthAddresses.AuthServerBaseUrl(address);
        var timeout = Timeouts.ContainerStart;
        var postgres = Labelled(new ContainerBuilder(MasImages.Postgres), run, $"mc-{run}-s{slot.Number}-mas-postgres")
            .WithEnvironment("POSTGRES_USER", "mas")
            .WithEnvironment("POSTGRES_PASSWORD", "mas")
            .WithEnvironment("POSTGRES_DB", "mas")
            .WithEnvironment("PGDATA", "/dev/shm/pgdata")
            .WithCommand("postgres", "-c", $"listen_addresses={pgAddress}", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilCommandIsCompleted(
                ["pg_isready", "-h", pgAddress.ToString(), "-U", "mas"], w => w.WithTimeout(timeout)))
            .Build();
        var configDir = Path.Combine(directory, "mas");
        Directory.CreateDirectory(configDir);
        var config = new MasConfig(baseUrl, address, $"postgresql://mas:mas@{pgAddress}:{AuthAddresses.PostgresPort}/mas",
            serverName, homeserver, secret);
        await File.WriteAllTextAsync(Path.Combine(configDir, "config.yaml"), config.Yaml(), ct).ConfigureAwait(false);
        var mas = Labelled(new ContainerBuilder(MasImages.Mas), run, $"mc-{run}-s{slot.Number}-mas")
            .WithEnvironment("MAS_CONFIG", ConfigPath)
            .WithBindMount(configDir, "/complement/mas", AccessMode.ReadOnly)
            .WithCommand("server")
            .WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(
                new ClientApiAnswers(new Uri($"http://{address}:{AuthAddresses.MasHealthPort}/health")),
                w => w.WithTimeout(timeout).WithInterval(TimeSpan.FromMilliseconds(200))))
            .Build();
        try
        {
            await postgres.StartAsync(ct).ConfigureAwait(false);
            await mas.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await mas.DisposeAsync().ConfigureAwait(false);
            await postgres.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new MasService(postgres, mas, baseUrl, secret);
    }

    /// <summary>Registers a user with a password through <c>mas-cli manage register-user</c> (MAS provisions it in Synapse).</summary>
    public async Task RegisterUserAsync(string localpart, string password, CancellationToken ct = default)
    {
        var result = await _mas.ExecAsync(["mas-cli", "manage", "register-user", "-y", "-p", password, "-d", localpart, localpart], ct)
            .ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"mas-cli manage register-user {localpart} exited {result.ExitCode}: {result.Stderr}");
    }

    /// <summary>Removes both containers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _mas.DisposeAsync().ConfigureAwait(false);
        await _postgres.DisposeAsync().ConfigureAwait(false);
    }

    private static ContainerBuilder Labelled(ContainerBuilder builder, string run, string name) => builder
        .WithName(name)
        .WithLogger(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
        .WithLabel(ContainerLabels.Run, run)
        .WithLabel(ContainerLabels.Owner, ContainerLabels.CurrentOwner)
        .WithImagePullPolicy(PullPolicy.Never)
        .WithCreateParameterModifier(p => p.HostConfig!.NetworkMode = "host");
}
