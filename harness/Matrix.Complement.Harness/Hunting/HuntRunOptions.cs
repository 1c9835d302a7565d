using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Hunting;

/// <summary>How <see cref="HuntExecutor"/> creates clients and reports progress.</summary>
public sealed record HuntRunOptions
{
    /// <summary>Client kinds, round robin over <see cref="HuntRoster.Users"/> (new devices take their user's kind).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = ["js"];

    /// <summary>Deliberate driver faults by user (harness self-tests only).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Faults { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Where clients write their diagnostics.</summary>
    public TestArtefacts? Artefacts { get; init; }

    /// <summary>The test's full name, for client timelines.</summary>
    public string? TestName { get; init; }

    /// <summary>Receives one progress line per step.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The client kind of a hunt user.</summary>
    public ClientKind KindOf(string user)
    {
        var index = HuntRoster.Users.ToList().IndexOf(user);
        return Enum.Parse<ClientKind>(Kinds[index % Kinds.Count], ignoreCase: true);
    }
}
