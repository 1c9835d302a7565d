using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Network;
using NUnit.Framework.Interfaces;

namespace Matrix.Complement.NUnit;

/// <summary>
/// Base of every scenario: starts (once) and gives access to the shared deployment, opens the test's proxy flow
/// log, and after each test collects its artefacts (homeserver log lines written during the test, the flow log,
/// plus anything added to <see cref="Artefacts"/>) into
/// <c>artifacts/&lt;run-id&gt;/tests/&lt;test&gt;/</c> when the test failed, or always with
/// <c>MATRIX_COMPLEMENT_ARTEFACTS=always</c>.
/// </summary>
public abstract class ScenarioTest
{
    private DateTime _startedUtc;
    private TestArtefacts? _artefacts;
    private TrafficLog? _flows;

    /// <summary>This test's artefact folder and attachments.</summary>
    protected TestArtefacts Artefacts => _artefacts ??= TestArtefacts.For(TestContext.CurrentContext.Test.FullName);

    /// <summary>
    /// The one place for an unavoidable fixed wait that a protocol truly needs (e.g. a time-based key rotation
    /// period). It is written to the progress output and to the test's timeline, so the report shows it. Never use
    /// it to wait for something observable: wait on the event instead.
    /// </summary>
    protected async Task SettleAsync(string reason, TimeSpan duration, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await TestContext.Progress.WriteLineAsync($"settle {duration.TotalSeconds:F1}s: {reason}").ConfigureAwait(false);
        await Task.Delay(duration, ct).ConfigureAwait(false);
        Matrix.Complement.Harness.Clients.ClientTimelineLog.For(Artefacts).Write(new System.Text.Json.Nodes.JsonObject
        {
            ["ts"] = DateTimeOffset.UtcNow.ToString("O"),
            ["test"] = TestContext.CurrentContext.Test.FullName,
            ["call"] = "settle",
            ["args"] = new System.Text.Json.Nodes.JsonObject { ["reason"] = reason, ["durationMs"] = duration.TotalMilliseconds },
            ["elapsedMs"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
        });
    }

    /// <summary>
    /// The deployment this test runs on, started on first use: the shared hs1+hs2, unless a scenario base needs its
    /// own (a homeserver profile, an auth server) and overrides this with <see cref="StartedDeployment"/>.
    /// </summary>
    protected virtual Task<Deployment> DeploymentAsync(CancellationToken ct = default) => SharedDeployment.GetAsync(ct);

    /// <summary>The deployment of <see cref="DeploymentAsync"/> if it has started (its logs go into the artefacts).</summary>
    protected virtual Deployment? StartedDeployment => SharedDeployment.Started;

    /// <summary>
    /// Runs before anything is started for a test: a base whose tests cannot run here skips them in an override
    /// (<c>Assert.Ignore</c>, <see cref="Require"/>), before a deployment is started for nothing.
    /// </summary>
    protected virtual void CheckPreconditions()
    {
    }

    /// <summary>
    /// Marks the test's start (for log slicing) and opens its flow log. Synchronous on purpose: the flow log is the
    /// ambient one of the test's async flow, which a value set inside an async set-up would not reach.
    /// </summary>
    [SetUp]
    public void MarkStart()
    {
        var shard = TestShard.Current;
        var name = TestContext.CurrentContext.Test.FullName;
        if (!shard.Includes(name))
            Assert.Ignore($"Not in this shard ({HarnessSettings.Shard.Name}={shard}): shard {TestShard.ShardOf(name, shard.Count)}/{shard.Count} runs it.");
        CheckPreconditions();
        _startedUtc = DateTime.UtcNow.AddSeconds(-1);
        _artefacts = null;
        var deployment = DeploymentAsync(TestContext.CurrentContext.CancellationToken).GetAwaiter().GetResult();
        _flows = deployment.Network.OpenTrafficLog(Artefacts);
    }

    /// <summary>Collects artefacts of a failed test (or of every test with the "always" policy).</summary>
    [TearDown]
    public async Task CollectArtefactsAsync()
    {
        // Expected failures (Inconclusive) keep their artefacts too: they are the ledger's evidence.
        var failed = TestContext.CurrentContext.Result.Outcome.Status is TestStatus.Failed or TestStatus.Warning or TestStatus.Inconclusive;
        var always = string.Equals(HarnessSettings.Artefacts.Value, "always", StringComparison.OrdinalIgnoreCase);
        if (_flows is not null) await _flows.DisposeAsync().ConfigureAwait(false); // writes proxy-flows.jsonl
        _flows = null;
        if (!failed && !always)
        {
            _artefacts?.Discard();
            return;
        }
        if (StartedDeployment is { } deployment)
        {
            foreach (var server in deployment.Homeservers)
            {
                try
                {
                    Artefacts.Write($"{server.Name}.log", await server.GetLogsAsync(_startedUtc).ConfigureAwait(false));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Artefacts.Write($"{server.Name}.log", $"log unavailable: {e.Message}");
                }
            }
        }
        foreach (var file in Artefacts.Files)
            TestContext.AddTestAttachment(file);
    }
}
