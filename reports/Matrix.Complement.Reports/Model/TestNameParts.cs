namespace Matrix.Complement.Reports.Model;

/// <summary>
/// Splits an NUnit full name such as <c>Ns.EncryptedRoomScenarios(js@hs1|js@hs2).Messages_decrypt(V2)</c> into its
/// namespace, fixture and fixture arguments (the client pair).
/// </summary>
public sealed record TestNameParts(string Namespace, string Fixture, string? ClientPair)
{
    /// <summary>Parses a full name; <paramref name="className"/> (namespace and class) helps when known.</summary>
    public static TestNameParts Parse(string fullName, string? className, string? methodName)
    {
        // The fixture segment is what precedes the method's display name.
        var fixturePart = fullName;
        if (!string.IsNullOrEmpty(methodName) && fullName.EndsWith("." + methodName, StringComparison.Ordinal))
            fixturePart = fullName[..^(methodName.Length + 1)];
        else if (LastDotOutsideParentheses(fullName) is var dot and > 0)
            fixturePart = fullName[..dot];

        string? args = null;
        var open = fixturePart.IndexOf('(');
        var typePart = fixturePart;
        if (open > 0 && fixturePart.EndsWith(')'))
        {
            args = fixturePart[(open + 1)..^1];
            typePart = fixturePart[..open];
        }
        if (!string.IsNullOrEmpty(className) && typePart != className && className.Contains('.')) typePart = className;
        var lastDot = typePart.LastIndexOf('.');
        var ns = lastDot > 0 ? typePart[..lastDot] : "";
        var fixture = lastDot > 0 ? typePart[(lastDot + 1)..] : typePart;
        return new TestNameParts(ns, fixture, string.IsNullOrWhiteSpace(args) ? null : args.Trim('"'));
    }

    private static int LastDotOutsideParentheses(string name)
    {
        var depth = 0;
        for (var i = name.Length - 1; i >= 0; i--)
        {
            var c = name[i];
            if (c == ')') depth++;
            else if (c == '(') depth--;
            else if (c == '.' && depth == 0) return i;
        }
        return -1;
    }
}
