using System.Globalization;
using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// The environment variables of <c>./complement hunt</c> (which sets them for the Hunting scenario project), and
/// their parsing. Like <see cref="HarnessSettings"/>, values come from the environment, then set-up's state file.
/// </summary>
public static class HuntSettings
{
    /// <summary>Set to 1 by <c>./complement hunt</c>: the hunt runs; otherwise it is skipped.</summary>
    public static readonly Setting Enabled = new("MATRIX_COMPLEMENT_HUNT",
        "0", "`1` (set by `./complement hunt`) runs the UTD hunt in the Hunting scenarios; otherwise it is skipped.");
    /// <summary>The hunt's time budget.</summary>
    public static readonly Setting Budget = new("MATRIX_COMPLEMENT_HUNT_BUDGET",
        "`10m`", "How long `./complement hunt` explores (`90s`, `10m`, `1h`); shrinking a failure may take as long again.");
    /// <summary>The hunt's seed.</summary>
    public static readonly Setting Seed = new("MATRIX_COMPLEMENT_HUNT_SEED",
        "a random seed (printed)", "Seed of the hunt's random action sequences; the same seed generates the same sequences.");
    /// <summary>Client kinds, round robin over the hunt's users.</summary>
    public static readonly Setting Kinds = new("MATRIX_COMPLEMENT_HUNT_KINDS",
        "`js`", "Client kinds for the hunt's users, round robin (`js,nio`: alice js, bob nio, charlie js).");
    /// <summary>A saved scenario to replay instead of hunting.</summary>
    public static readonly Setting Replay = new("MATRIX_COMPLEMENT_HUNT_REPLAY",
        "unset", "A hunt scenario file (JSON, written by a failed hunt) to run exactly once instead of hunting.");
    /// <summary>Deliberate driver faults, for the harness's self-test only.</summary>
    public static readonly Setting Faults = new("MATRIX_COMPLEMENT_HUNT_FAULTS",
        "none", "Deliberate driver faults by user (`alice:noRoomKeysForNewDevices`), to test the hunt itself.");

    /// <summary>Every hunt setting, in README order.</summary>
    public static IReadOnlyList<Setting> All { get; } = [Enabled, Budget, Seed, Kinds, Replay, Faults];

    /// <summary>The default budget.</summary>
    public static TimeSpan DefaultBudget { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Parses <c>90s</c>, <c>10m</c>, <c>1h</c> or a number of seconds; throws saying what is accepted.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        var (number, unit) = t.Length > 0 && char.IsLetter(t[^1]) ? (t[..^1], t[^1]) : (t, 's');
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (unit)
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
            }
        }
        throw new FormatException($"'{text}' is not a duration: use e.g. 90s, 10m or 1h.");
    }

    /// <summary>Parses <c>js</c> or <c>js,nio</c> into client kinds.</summary>
    public static IReadOnlyList<string> ParseKinds(string? text)
    {
        var kinds = (text ?? "js").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var k in kinds)
            if (!Enum.TryParse<Clients.ClientKind>(k, ignoreCase: true, out _))
                throw new FormatException($"'{k}' is not a client kind (use js, nio or raw).");
        return kinds.Length > 0 ? kinds : ["js"];
    }

    /// <summary>Parses <c>alice:faultA,bob:faultB</c> into faults by user.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ParseFaults(IEnumerable<string> entries)
    {
        var byUser = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var parts = entry.Split(':', 2);
            if (parts.Length != 2 || !HuntRoster.Users.Contains(parts[0]) || parts[1].Length == 0)
                throw new FormatException($"'{entry}' is not a fault: use user:fault, e.g. alice:noRoomKeysForNewDevices " +
                                          $"(users: {string.Join(", ", HuntRoster.Users)}).");
            (byUser.TryGetValue(parts[0], out var list) ? list : byUser[parts[0]] = []).Add(parts[1]);
        }
        return byUser.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }
}
