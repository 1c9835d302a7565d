namespace Matrix.Complement.Reports.Reading;

/// <summary>
/// The Matrix 2.0 and crypto pillars a test belongs to, from its <c>Msc</c> properties, its categories and its
/// namespace (scenario projects are organised by theme), plus one row per MSC the tests name.
/// </summary>
public static class Pillars
{
    /// <summary>A pillar: its name and how a test is recognised as part of it.</summary>
    public sealed record Pillar(string Name, string Description, int[] Mscs, string[] Words);

    /// <summary>The pillars, in the order the report shows them.</summary>
    public static IReadOnlyList<Pillar> All { get; } =
    [
        new("UTD", "unable-to-decrypt: room keys, to-device, backup, federation", [],
            ["utd", "unabletodecrypt", "roomkeys", "todevice", "keybackup", "federation"]),
        new("TOFU", "identity changes, trust on first use, verification", [], ["tofu", "identity", "verification"]),
        new("MSC4153", "exclude insecure devices (device isolation)", [4153], ["msc4153", "isolation", "deviceisolation"]),
        new("Invisible crypto",
            "event shields, dehydrated devices (MSC3814), history sharing on invite (MSC4268), device keys in Olm events (MSC4147)",
            [3814, 4268, 4147, 4048], ["invisible", "invisiblecrypto", "eventshield", "dehydrateddevice", "historysharing"]),
        new("Sliding sync", "simplified sliding sync (MSC4186)", [3575, 4186, 4222], ["slidingsync", "sliding-sync", "msc4186"]),
        new("Call E2EE", "MatrixRTC call key distribution", [3401, 4143, 4195, 4075], ["rtc", "call", "matrixrtc", "calle2ee"]),
        new("Auth", "next-generation auth (OAuth 2.0, MAS)", [2964, 2965, 2966, 2967, 3861, 4108, 4190, 4191],
            ["auth", "oauth", "oidc", "mas"]),
    ];

    /// <summary>The pillars of a test.</summary>
    public static IReadOnlyList<string> Of(TestRecord test, bool hasUtds)
    {
        var mscs = Mscs(test).ToHashSet();
        var words = test.Categories.Select(Normalise)
            .Concat(test.Namespace.Split('.').Select(Normalise))
            .Append(Normalise(test.Fixture)).ToHashSet();
        var pillars = new List<string>();
        foreach (var pillar in All)
        {
            var byMsc = pillar.Mscs.Any(mscs.Contains);
            var byWord = pillar.Words.Any(w => words.Contains(w) ||
                words.Any(x => x.StartsWith(w, StringComparison.Ordinal) && x.EndsWith("scenarios", StringComparison.Ordinal)));
            if (byMsc || byWord || (pillar.Name == "UTD" && hasUtds)) pillars.Add(pillar.Name);
        }
        return pillars;
    }

    /// <summary>The MSC numbers a test names.</summary>
    public static IEnumerable<int> Mscs(TestRecord test) =>
        test.Property("Msc").Select(v => v.Trim().TrimStart('M', 'S', 'C', 'm', 's', 'c'))
            .Select(v => int.TryParse(v, out var n) ? n : -1).Where(n => n > 0).Distinct();

    private static string Normalise(string word) => word.Replace("_", "").Replace(" ", "").ToLowerInvariant();
}
