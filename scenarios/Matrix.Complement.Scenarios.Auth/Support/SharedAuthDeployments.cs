using System.Collections.Concurrent;
using Matrix.Complement.Harness.Auth.StandIn;

namespace Matrix.Complement.Scenarios.Auth.Support;

/// <summary>
/// The assembly's auth deployments (the auth server STAND-IN and hs1 delegating to it), one per access-token
/// lifetime, each started lazily on first use and torn down by the assembly's <c>ScenarioSetUp</c>. A start-up
/// failure is kept and rethrown on every access, so each test fails with the real cause.
/// </summary>
public static class SharedAuthDeployments
{
    private static readonly ConcurrentDictionary<TimeSpan, Lazy<Task<AuthDeployment>>> Deployments = new();

    /// <summary>The default access-token lifetime of the stand-in (MAS's default is five minutes too).</summary>
    public static readonly TimeSpan DefaultTokenLifetime = new AuthServerStandInOptions().AccessTokenLifetime;

    /// <summary>The deployment whose stand-in issues access tokens living <paramref name="tokenLifetime"/>, started on first call.</summary>
    public static Task<AuthDeployment> GetAsync(TimeSpan tokenLifetime, CancellationToken ct = default) =>
        Deployments.GetOrAdd(tokenLifetime, lifetime => new Lazy<Task<AuthDeployment>>(() =>
            AuthDeployment.StartWithStandInAsync(new AuthServerStandInOptions { AccessTokenLifetime = lifetime },
                CancellationToken.None))).Value.WaitAsync(ct);

    /// <summary>The deployment for <paramref name="tokenLifetime"/> if it has started, without starting it.</summary>
    public static AuthDeployment? StartedWith(TimeSpan tokenLifetime) =>
        Deployments.TryGetValue(tokenLifetime, out var d) && d.IsValueCreated && d.Value.IsCompletedSuccessfully ? d.Value.Result : null;

    /// <summary>Stops every deployment started; one that fails to stop does not keep the others running.</summary>
    public static async Task DisposeAsync()
    {
        List<Exception> failures = [];
        foreach (var key in Deployments.Keys.ToList())
        {
            if (!Deployments.TryRemove(key, out var lazy) || !lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully) continue;
            try
            {
                await lazy.Value.Result.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        if (failures.Count > 0) throw new AggregateException("Stopping the auth deployments failed.", failures);
    }
}
