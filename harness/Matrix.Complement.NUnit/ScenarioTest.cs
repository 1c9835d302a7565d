using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Diagnostics;
using NUnit.Framework.Interfaces;

namespace Matrix.Complement.NUnit;

/// <summary>
/// Base of every scenario: gives access to the shared deployment and, after each test, collects its artefacts
/// (homeserver log lines written during the test, plus anything added to <see cref="Artefacts"/>) into
/// <c>artifacts/&lt;run-id&gt;/tests/&lt;test&gt;/</c> when the test failed, or always with
/// <c>MATRIX_COMPLEMENT_ARTEFACTS=always</c>.
/// </summary>
public abstract class ScenarioTest
{
    private DateTime _startedUtc;
    private TestArtefacts? _artefacts;

    /// <summary>This test's artefact folder and attachments.</summary>
    protected TestArtefacts Artefacts => _artefacts ??= TestArtefacts.For(TestContext.CurrentContext.Test.FullName);

    /// <summary>The shared hs1+hs2 deployment.</summary>
    protected static Task<Deployment> DeploymentAsync(CancellationToken ct = default) => SharedDeployment.GetAsync(ct);

    /// <summary>Marks the test's start, for log slicing.</summary>
    [SetUp]
    public void MarkStart()
    {
        _startedUtc = DateTime.UtcNow.AddSeconds(-1);
        _artefacts = null;
    }

    /// <summary>Collects artefacts of a failed test (or of every test with the "always" policy).</summary>
    [TearDown]
    public async Task CollectArtefactsAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status is TestStatus.Failed or TestStatus.Warning;
        var always = string.Equals(HarnessSettings.Artefacts.Value, "always", StringComparison.OrdinalIgnoreCase);
        if (!failed && !always)
        {
            _artefacts?.Discard();
            return;
        }
        if (SharedDeployment.Started is { } deployment)
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
