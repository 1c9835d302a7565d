using System.Text.RegularExpressions;
using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// The client matrix: which client pairs every scenario runs with, written like complement-crypto's
/// (<c>MATRIX_COMPLEMENT_CLIENTS</c>, e.g. <c>js:js,js@hs1:js@hs2</c>) and turned into NUnit fixture parameters
/// (<c>[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]</c>). Kinds that are not built or
/// installed here yield no pairs.
/// </summary>
public static partial class ClientMatrix
{
    /// <summary>The grammar, as shown in every parse error.</summary>
    public const string Grammar =
        "matrix := pair (',' pair)*   pair := side ':' side   side := kind ('/' sync)? ('@' server)?   " +
        "kind := js | nio | raw   sync := v2 | sss   server := hs1 | hs2 | …   (Alice's side first; a side without " +
        "'/' syncs with v2, one without '@' is on hs1; sss is Simplified Sliding Sync, MSC4186). " +
        "Example: js:js/sss,js@hs1:js/sss@hs2";

    /// <summary>
    /// The matrix when <c>MATRIX_COMPLEMENT_CLIENTS</c> is unset. js with js on one server and across federation, Bob on
    /// sliding sync (MSC4186) and Alice on sync v2 in both, so those scenarios cross the two sync modes. Then each
    /// other crypto implementation with js: nio (libolm) sending first on one server (<c>nio:js</c>) and raw
    /// (vodozemac) receiving first across federation (<c>js@hs1:raw@hs2</c>). nio and raw sync with v2 only. Every
    /// ordered pair of the three implementations, on one server and across federation, runs in the interop scenarios
    /// whatever the matrix; a wider matrix costs about four minutes of suite time per pair.
    /// </summary>
    public const string DefaultMatrix = "js:js/sss,js@hs1:js/sss@hs2,nio:js,js@hs1:raw@hs2";

    private static readonly Lazy<IReadOnlyList<ClientPair>> Configured =
        new(() => Parse(HarnessSettings.Clients.Value ?? DefaultMatrix));

    /// <summary>Every configured pair whose kinds are available.</summary>
    public static IEnumerable<ClientPair> Pairs => Configured.Value.Where(p => IsAvailable(p.Alice.Kind) && IsAvailable(p.Bob.Kind));

    /// <summary>Available pairs whose sides are on different homeservers.</summary>
    public static IEnumerable<ClientPair> FederatedPairs => Pairs.Where(p => p.IsFederated);

    /// <summary>Available pairs whose sides share a homeserver.</summary>
    public static IEnumerable<ClientPair> SameServerPairs => Pairs.Where(p => !p.IsFederated);

    /// <summary>
    /// Each available SDK kind of the matrix once, on hs1, for single-client scenarios (a client's own retries,
    /// crash consistency, batching). The raw kind is left out: it is the harness's own device, a peer in pairs and
    /// the attacker in adversarial scenarios, never the single client whose behaviour is under test.
    /// </summary>
    public static IEnumerable<ClientSpec> Kinds => KindsOf(Configured.Value).Where(s => IsAvailable(s.Kind));

    /// <summary>
    /// The single-client sides of <paramref name="pairs"/>, available or not: each kind once, on hs1 with sync v2,
    /// in order of first mention, without the raw kind (see <see cref="Kinds"/>).
    /// </summary>
    public static IEnumerable<ClientSpec> KindsOf(IEnumerable<ClientPair> pairs) => pairs
        .SelectMany(p => new[] { p.Alice.Kind, p.Bob.Kind }).Distinct().Where(k => k != ClientKind.Raw)
        .Select(k => new ClientSpec(k, "hs1"));

    /// <summary>Each available kind and sync mode that the matrix names, on hs1, for single-client scenarios.</summary>
    public static IEnumerable<ClientSpec> KindsAndSyncModes => Configured.Value
        .SelectMany(p => new[] { p.Alice, p.Bob }).Where(s => IsAvailable(s.Kind))
        .Select(s => s.On("hs1")).Distinct();

    /// <summary>Parses a matrix; throws <see cref="FormatException"/> showing the grammar on malformed input.</summary>
    public static IReadOnlyList<ClientPair> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pairs = new List<ClientPair>();
        var items = text.Split(',');
        foreach (var raw in items)
        {
            var item = raw.Trim();
            var sides = item.Split(':');
            if (sides.Length != 2)
                throw Malformed(text, $"'{item}' is not a pair of two sides separated by ':'");
            var pair = new ClientPair(ParseSide(text, sides[0]), ParseSide(text, sides[1]));
            if (!pairs.Contains(pair)) pairs.Add(pair);
        }
        return pairs;
    }

    /// <summary>Whether a kind can run here (its driver is built and its runtime installed).</summary>
    public static bool IsAvailable(ClientKind kind) => kind switch
    {
        ClientKind.Js => Js.JsSdkBrowserClient.IsAvailable,
        ClientKind.Nio => Nio.NioDriverClient.IsAvailable,
        ClientKind.Raw => Raw.RawClient.IsAvailable,
        _ => false,
    };

    /// <summary>The grammar's suffix of a sync mode: empty for v2 (the default), <c>/sss</c> for MSC4186.</summary>
    public static string SyncSuffix(SyncMode mode) => mode == SyncMode.Msc4186 ? "/sss" : "";

    /// <summary>The grammar's short name of a kind (<c>js</c>).</summary>
    public static string ShortName(ClientKind kind) => kind.ToString().ToLowerInvariant();

    private static ClientSpec ParseSide(string text, string side)
    {
        var match = SidePattern().Match(side.Trim());
        if (!match.Success)
            throw Malformed(text, $"'{side.Trim()}' is not a side (kind, optionally '/' and a sync mode, optionally '@' and a server such as hs2)");
        var kind = match.Groups["kind"].Value.ToLowerInvariant() switch
        {
            "js" => ClientKind.Js,
            "nio" => ClientKind.Nio,
            "raw" => ClientKind.Raw,
            var other => throw Malformed(text, $"'{other}' is not a client kind"),
        };
        var sync = match.Groups["sync"].Success ? match.Groups["sync"].Value.ToLowerInvariant() : "v2";
        var mode = sync switch
        {
            "v2" => SyncMode.V2,
            "sss" => SyncMode.Msc4186,
            var other => throw Malformed(text, $"'{other}' is not a sync mode (v2 or sss)"),
        };
        var server = match.Groups["hs"].Success ? match.Groups["hs"].Value.ToLowerInvariant() : "hs1";
        return new ClientSpec(kind, server, mode);
    }

    private static FormatException Malformed(string text, string why) =>
        new($"Malformed client matrix '{text}' ({HarnessSettings.Clients.Name}): {why}.\nGrammar: {Grammar}");

    [GeneratedRegex(@"^(?<kind>[A-Za-z]+)(?:/(?<sync>[A-Za-z0-9]+))?(?:@(?<hs>[Hh][Ss][1-9][0-9]*))?$")]
    private static partial Regex SidePattern();
}
