using System.Diagnostics;

namespace Matrix.Complement.Harness.Waiting;

/// <summary>
/// Polls an observation until it satisfies an expectation, and on timeout throws a message that says what was
/// expected, how long it waited, how many observations it made and the last ones with their mismatch reasons.
/// </summary>
public static class Eventually
{
    /// <summary>
    /// Observes every <paramref name="interval"/> until <paramref name="mismatch"/> returns null for an observation,
    /// and returns that observation.
    /// </summary>
    /// <param name="expectation">What is waited for, as a phrase ("bob sees 3 messages").</param>
    /// <param name="observe">Takes one observation; exceptions count as mismatches and are reported.</param>
    /// <param name="mismatch">Null when the observation is what was expected, else why not.</param>
    public static async Task<T> SatisfiesAsync<T>(string expectation, TimeSpan timeout, Func<CancellationToken, Task<T>> observe,
        Func<T, string?> mismatch, CancellationToken ct = default, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        var recent = new Queue<string>();
        var attempts = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            attempts++;
            string reason;
            try
            {
                var value = await observe(ct).ConfigureAwait(false);
                var why = mismatch(value);
                if (why is null) return value;
                reason = why;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                reason = $"{e.GetType().Name}: {e.Message}";
            }
            if (recent.Count == 5) recent.Dequeue();
            recent.Enqueue($"[{clock.Elapsed.TotalSeconds:F1}s] {reason}");
            if (clock.Elapsed >= timeout)
                throw new TimeoutException(
                    $"Timed out after {clock.Elapsed.TotalSeconds:F1}s ({attempts} observations) waiting until {expectation}.\n" +
                    "Last observations:\n  " + string.Join("\n  ", recent));
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        }
    }
}
