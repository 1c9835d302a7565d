using System.Collections.Concurrent;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// One test's view of the proxy: the flows of the users it tracks (plus federation flows, by default) from its
/// opening to its disposal, written on disposal as JSON lines into the test's artefact folder. While open it is
/// the ambient log of the async flow that opened it (<see cref="Current"/>): users registered through a
/// <see cref="Deployment.HomeserverHandle"/> are tracked automatically, and rules added without a user scope
/// apply to its users only.
/// </summary>
public sealed class TrafficLog : IAsyncDisposable
{
    private static readonly AsyncLocal<TrafficLog?> Ambient = new();
    private readonly FlowJournal _journal;
    private readonly TokenDirectory _tokens;
    private readonly TestArtefacts? _artefacts;
    private readonly TrafficLog? _previous;
    private readonly ConcurrentDictionary<string, byte> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _accessTokens = new(StringComparer.Ordinal);
    private int _disposed;

    internal TrafficLog(FlowJournal journal, TokenDirectory tokens, TestArtefacts? artefacts, TrafficLogOptions options)
    {
        _journal = journal;
        _tokens = tokens;
        _artefacts = artefacts;
        Options = options;
        StartedUtc = DateTimeOffset.UtcNow;
        _previous = Ambient.Value;
        Ambient.Value = this;
    }

    /// <summary>The log of the current test (the innermost one opened in this async flow), or null.</summary>
    public static TrafficLog? Current => Ambient.Value;

    /// <summary>What the log keeps.</summary>
    public TrafficLogOptions Options { get; }

    /// <summary>When the log was opened.</summary>
    public DateTimeOffset StartedUtc { get; }

    /// <summary>The users tracked so far.</summary>
    public IReadOnlyCollection<string> Users => [.. _users.Keys];

    /// <summary>The artefact file, once written.</summary>
    public string? FilePath { get; private set; }

    /// <summary>The flows kept so far, oldest first.</summary>
    public IReadOnlyList<FlowRecord> Flows => _journal.Since(StartedUtc, Keeps);

    /// <summary>Tracks a session: its user's flows are kept, and its token is known to the proxy.</summary>
    public void Track(MatrixSession session)
    {
        _tokens.Add(session.AccessToken, session.UserId);
        _accessTokens.TryAdd(session.AccessToken, 0);
        _users.TryAdd(session.UserId, 0);
    }

    /// <summary>Tracks a user by id (all its devices).</summary>
    public void Track(string userId) => _users.TryAdd(userId, 0);

    /// <summary>Whether a request belongs to this log's users.</summary>
    internal bool Owns(ProxyRequest request) =>
        (request.UserId is not null && _users.ContainsKey(request.UserId)) ||
        (request.AccessToken is not null && _accessTokens.ContainsKey(request.AccessToken));

    /// <summary>Writes the artefact and stops being the ambient log.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return ValueTask.CompletedTask;
        if (ReferenceEquals(Ambient.Value, this)) Ambient.Value = _previous; // synchronous: the caller's context sees it
        if (_artefacts is not null)
        {
            var lines = Flows.Select(f => f.ToJsonLine());
            FilePath = _artefacts.Write(Options.FileName, string.Join('\n', lines) + "\n");
        }
        return ValueTask.CompletedTask;
    }

    private bool Keeps(FlowRecord record) =>
        Options.AllTraffic ||
        (record.User is not null && _users.ContainsKey(record.User)) ||
        (Options.IncludeFederation && record.Direction == TrafficDirection.Federation);
}
