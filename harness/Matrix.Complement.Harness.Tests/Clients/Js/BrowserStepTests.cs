using Matrix.Complement.Harness.Clients.Js;

namespace Matrix.Complement.Harness.Tests.Clients.Js;

/// <summary>A browser operation that is never answered becomes a named failure within its budget, never a stalled run.</summary>
public sealed class BrowserStepTests
{
    [Test]
    public void An_operation_the_browser_never_answers_fails_naming_the_operation_and_the_check()
    {
        var never = new TaskCompletionSource<int>();

        var e = Assert.ThrowsAsync<TimeoutException>(() => BrowserHost.StepAsync("closing alice's login tab",
            TimeSpan.FromMilliseconds(50), () => never.Task, CancellationToken.None, "the page may be stuck committing"));

        Assert.That(e!.Message, Does.Contain("closing alice's login tab").And.Contain("the page may be stuck committing")
            .And.Contain("MATRIX_COMPLEMENT_TIMEOUT_SCALE"));
    }

    [Test]
    public void The_tests_cancellation_ends_the_wait()
    {
        var never = new TaskCompletionSource();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => BrowserHost.StepAsync("opening a page", TimeSpan.FromMinutes(5), () => never.Task, cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task A_finished_operation_returns_its_value()
    {
        var value = await BrowserHost.StepAsync("reading the title", TimeSpan.FromSeconds(5), () => Task.FromResult("ok"), CancellationToken.None);

        Assert.That(value, Is.EqualTo("ok"));
    }

    [Test]
    public void An_operation_that_fails_keeps_its_own_error()
    {
        Assert.That(() => BrowserHost.StepAsync("opening a page", TimeSpan.FromSeconds(5),
                () => Task.FromException(new InvalidOperationException("target closed")), CancellationToken.None),
            Throws.InvalidOperationException.With.Message.EqualTo("target closed"));
    }
}
