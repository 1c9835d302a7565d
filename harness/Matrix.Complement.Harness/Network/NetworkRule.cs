using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// Which requests a fault applies to. Every criterion left unset matches anything; set criteria must all hold.
/// A rule must say whose traffic it touches — <see cref="For(MatrixSession[])"/>, <see cref="ForUsers"/>,
/// <see cref="ForAccessTokens"/>, or the users of the ambient <see cref="TrafficLog"/> — or opt in to touching
/// everyone's with <see cref="ServerWide"/>, which is only safe in a <c>[NonParallelizable]</c> test.
/// </summary>
/// <example>
/// <code>
/// var rule = NetworkRule.ClientServer("hs1").Request("PUT", "/_matrix/client/v3/sendToDevice/{type}/{txn}").For(alice);
/// </code>
/// </example>
public sealed record NetworkRule
{
    private PathTemplate? _template;

    /// <summary>A name for flow logs and messages; defaults to a description of the criteria.</summary>
    public string? Name { get; init; }

    /// <summary>The logical server the request is addressed to (<c>hs1</c>), or null for any.</summary>
    public string? Server { get; init; }

    /// <summary>Client-server or federation traffic, or null for both.</summary>
    public TrafficDirection? Direction { get; init; }

    /// <summary>HTTP method (case-insensitive), or null for any.</summary>
    public string? Method { get; init; }

    /// <summary>A path template (<c>/_matrix/client/v3/sendToDevice/{type}/{txn}</c>, <c>/_matrix/federation/{*rest}</c>), or null for any.</summary>
    public string? Path
    {
        get => _template?.Text;
        init => _template = value is null ? null : PathTemplate.Parse(value);
    }

    /// <summary>User ids whose requests match (by the access token's owner).</summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    /// <summary>Access tokens whose requests match.</summary>
    public IReadOnlyList<string> AccessTokens { get; init; } = [];

    /// <summary>For federation: the sending server (<c>X-Matrix origin</c>), or null for any.</summary>
    public string? Origin { get; init; }

    /// <summary>For federation: a predicate over the sending server (null when the request is unsigned).</summary>
    public Func<string?, bool>? OriginMatches { get; init; }

    /// <summary>A predicate over the request body parsed as JSON (null when there is no JSON body).</summary>
    public Func<JsonNode?, bool>? BodyMatches { get; init; }

    /// <summary>True when the rule may touch every client's (or server's) traffic; see the class remarks.</summary>
    public bool IsServerWide { get; init; }

    /// <summary>Client-server requests to <paramref name="server"/>.</summary>
    public static NetworkRule ClientServer(string server) => new() { Server = server, Direction = TrafficDirection.ClientServer };

    /// <summary>Federation requests arriving at <paramref name="server"/>; server-wide by nature.</summary>
    public static NetworkRule Federation(string server) =>
        new() { Server = server, Direction = TrafficDirection.Federation, IsServerWide = true };

    /// <summary>Any request with <paramref name="method"/> on a path matching <paramref name="pathTemplate"/>.</summary>
    public static NetworkRule Requests(string method, string pathTemplate) => new() { Method = method, Path = pathTemplate };

    /// <summary>Narrows to one method and path template.</summary>
    public NetworkRule Request(string method, string pathTemplate) => this with { Method = method, Path = pathTemplate };

    /// <summary>Narrows to the requests of these sessions (their users, and their tokens).</summary>
    public NetworkRule For(params MatrixSession[] sessions) => this with
    {
        Users = [.. Users, .. sessions.Select(s => s.UserId)],
        AccessTokens = [.. AccessTokens, .. sessions.Select(s => s.AccessToken)],
    };

    /// <summary>Narrows to requests made by these users (any of their devices).</summary>
    public NetworkRule ForUsers(params string[] userIds) => this with { Users = [.. Users, .. userIds] };

    /// <summary>Narrows to requests carrying these access tokens.</summary>
    public NetworkRule ForAccessTokens(params string[] tokens) => this with { AccessTokens = [.. AccessTokens, .. tokens] };

    /// <summary>Narrows federation traffic to requests signed by <paramref name="origin"/>.</summary>
    public NetworkRule From(string origin) => this with { Origin = origin };

    /// <summary>Narrows federation traffic to requests whose sender (null when unsigned) satisfies <paramref name="predicate"/>.</summary>
    public NetworkRule WhereOrigin(Func<string?, bool> predicate) => this with { OriginMatches = predicate };

    /// <summary>Narrows to requests whose JSON body satisfies <paramref name="predicate"/>.</summary>
    public NetworkRule WhereBody(Func<JsonNode?, bool> predicate) => this with { BodyMatches = predicate };

    /// <summary>Opts in to touching everyone's traffic. The test must be <c>[NonParallelizable]</c>.</summary>
    public NetworkRule ServerWide() => this with { IsServerWide = true };

    /// <summary>Names the rule in flow logs.</summary>
    public NetworkRule Named(string name) => this with { Name = name };

    /// <summary>True when the rule names whose traffic it touches (users or tokens).</summary>
    public bool IsUserScoped => Users.Count > 0 || AccessTokens.Count > 0;

    /// <summary>Whether the request matches every criterion except the body predicate.</summary>
    internal bool MatchesHead(ProxyRequest request)
    {
        if (Server is not null && !string.Equals(Server, request.Server, StringComparison.Ordinal)) return false;
        if (Direction is { } direction && direction != request.Direction) return false;
        if (Method is not null && !string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase)) return false;
        if (_template is not null && !_template.Matches(request.Path)) return false;
        if (Origin is not null && !string.Equals(Origin, request.Origin, StringComparison.Ordinal)) return false;
        if (OriginMatches is not null && !OriginMatches(request.Origin)) return false;
        if (IsUserScoped)
        {
            var byToken = request.AccessToken is not null && AccessTokens.Contains(request.AccessToken);
            var byUser = request.UserId is not null && Users.Contains(request.UserId);
            if (!byToken && !byUser) return false;
        }
        return true;
    }

    /// <summary>Whether the body predicate holds (true when there is none).</summary>
    internal bool MatchesBody(ProxyRequest request) => BodyMatches is null || BodyMatches(request.Json);

    /// <summary>Throws unless the rule says whose traffic it touches or opts in to all of it.</summary>
    internal void EnsureScoped(bool hasAmbientUsers)
    {
        if (Direction == TrafficDirection.Federation && IsUserScoped)
            throw new ArgumentException($"Rule '{this}' matches federation traffic by user or token, which federation requests do not carry; " +
                "scope it with Server/From and ServerWide() instead.");
        if (!IsUserScoped && !IsServerWide && !hasAmbientUsers)
            throw new ArgumentException($"Rule '{this}' does not say whose traffic it touches. Narrow it with For(session), ForUsers or " +
                "ForAccessTokens, open a TrafficLog for the test (its users become the default), or call ServerWide() in a " +
                "[NonParallelizable] test.");
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (Name is not null) return Name;
        var parts = new List<string>();
        if (Method is not null) parts.Add(Method.ToUpperInvariant());
        parts.Add(Path ?? "*");
        if (Server is not null) parts.Add("on " + Server);
        if (Direction is { } d) parts.Add(d == TrafficDirection.Federation ? "(federation)" : "(client-server)");
        if (Origin is not null) parts.Add("from " + Origin);
        if (Users.Count > 0) parts.Add("for " + string.Join(",", Users));
        else if (AccessTokens.Count > 0) parts.Add($"for {AccessTokens.Count} token(s)");
        if (BodyMatches is not null) parts.Add("where body matches");
        if (IsServerWide && !IsUserScoped) parts.Add("[server-wide]");
        return string.Join(' ', parts);
    }
}
