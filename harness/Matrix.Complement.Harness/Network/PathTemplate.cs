namespace Matrix.Complement.Harness.Network;

/// <summary>
/// A request path pattern such as <c>/_matrix/client/v3/sendToDevice/{type}/{txn}</c>: literal segments match
/// exactly (case-sensitive, after URL-decoding), <c>{name}</c> matches any one segment, and a final
/// <c>{*name}</c> matches the rest of the path (zero or more segments).
/// </summary>
internal sealed class PathTemplate
{
    private readonly string[] _segments;
    private readonly bool _catchAll;

    private PathTemplate(string text, string[] segments, bool catchAll)
    {
        Text = text;
        _segments = segments;
        _catchAll = catchAll;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Parses a template; throws on an empty one, one without a leading slash, or a misplaced catch-all.</summary>
    public static PathTemplate Parse(string template)
    {
        if (string.IsNullOrWhiteSpace(template) || template[0] != '/')
            throw new ArgumentException($"A path template starts with '/', e.g. /_matrix/client/v3/keys/upload (got '{template}').",
                nameof(template));
        var segments = Split(template);
        var catchAll = segments.Length > 0 && segments[^1].StartsWith("{*", StringComparison.Ordinal);
        for (var i = 0; i < segments.Length - (catchAll ? 1 : 0); i++)
        {
            if (segments[i].StartsWith("{*", StringComparison.Ordinal))
                throw new ArgumentException($"'{{*…}}' may only end a path template ('{template}').", nameof(template));
        }
        return new PathTemplate(template, catchAll ? segments[..^1] : segments, catchAll);
    }

    /// <summary>Whether <paramref name="path"/> (without query) matches.</summary>
    public bool Matches(string path)
    {
        var actual = Split(path);
        if (_catchAll ? actual.Length < _segments.Length : actual.Length != _segments.Length) return false;
        for (var i = 0; i < _segments.Length; i++)
        {
            var expected = _segments[i];
            if (IsPlaceholder(expected))
            {
                if (actual[i].Length == 0) return false;
                continue;
            }
            if (!string.Equals(expected, Uri.UnescapeDataString(actual[i]), StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool IsPlaceholder(string segment) =>
        segment.Length >= 2 && segment[0] == '{' && segment[^1] == '}';

    private static string[] Split(string path) =>
        path.Trim('/').Length == 0 ? [] : path.Trim('/').Split('/');
}
