using System.Threading.Channels;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// Every flow of one proxy: kept in memory (bounded) for per-test <see cref="TrafficLog"/>s, and appended as JSON
/// lines to the deployment's <c>proxy-flows.jsonl</c> by a background writer, so requests never wait on the disk.
/// </summary>
internal sealed class FlowJournal : IAsyncDisposable
{
    private const int MaxKept = 200_000;
    private readonly Lock _gate = new();
    private readonly Queue<FlowRecord> _kept = new();
    private readonly Channel<FlowRecord> _pending = Channel.CreateUnbounded<FlowRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public FlowJournal(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>The run-wide flow file.</summary>
    public string Path { get; }

    public void Add(FlowRecord record)
    {
        lock (_gate)
        {
            if (_kept.Count == MaxKept) _kept.Dequeue();
            _kept.Enqueue(record);
        }
        _pending.Writer.TryWrite(record);
    }

    /// <summary>Records that arrived at or after <paramref name="sinceUtc"/> and satisfy <paramref name="filter"/>.</summary>
    public List<FlowRecord> Since(DateTimeOffset sinceUtc, Func<FlowRecord, bool> filter)
    {
        lock (_gate) return _kept.Where(r => r.Time >= sinceUtc && filter(r)).ToList();
    }

    private async Task WriteAsync()
    {
        await using var file = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read));
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_pending.Reader.TryRead(out var record))
                await file.WriteLineAsync(record.ToJsonLine()).ConfigureAwait(false);
            await file.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes what is pending and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
