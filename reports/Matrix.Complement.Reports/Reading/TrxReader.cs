namespace Matrix.Complement.Reports.Reading;

/// <summary>
/// Reads Visual Studio TRX results, the fallback when an assembly has no NUnit XML. TRX carries no NUnit properties,
/// so divergences and MSC links are unknown for these tests; categories come from <c>TestCategory</c> when present.
/// </summary>
public static class TrxReader
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>True when <paramref name="root"/> is a TRX document.</summary>
    public static bool IsTrx(XElement root) => root.Name.LocalName == "TestRun";

    /// <summary>Reads every result of a document.</summary>
    public static IReadOnlyList<TestAttempt> Read(XDocument document, string sourceFile)
    {
        var attempts = new List<TestAttempt>();
        if (document.Root is not { } root || !IsTrx(root)) return attempts;
        var ns = root.Name.Namespace == XNamespace.None ? XNamespace.None : Ns;
        var definitions = root.Descendants(ns + "UnitTest").ToDictionary(
            u => (string?)u.Attribute("id") ?? "", u => u, StringComparer.OrdinalIgnoreCase);
        foreach (var result in root.Descendants(ns + "UnitTestResult"))
        {
            definitions.TryGetValue((string?)result.Attribute("testId") ?? "", out var definition);
            var method = definition?.Element(ns + "TestMethod");
            var className = (string?)method?.Attribute("className");
            var name = (string?)result.Attribute("testName") ?? (string?)definition?.Attribute("name") ?? "?";
            var fullName = className is null || name.StartsWith(className + ".", StringComparison.Ordinal)
                ? name : $"{className}.{name}";
            var shortName = name.StartsWith(className + ".", StringComparison.Ordinal) ? name[(className!.Length + 1)..] : name;
            var codeBase = (string?)method?.Attribute("codeBase");
            var categories = definition?.Descendants(ns + "TestCategoryItem")
                .Select(c => (string?)c.Attribute("TestCategory")).OfType<string>().ToArray() ?? [];
            var outcome = (string?)result.Attribute("outcome") ?? "NotExecuted";
            var errorInfo = result.Element(ns + "Output")?.Element(ns + "ErrorInfo");
            var message = errorInfo?.Element(ns + "Message")?.Value;
            var noProperties = new Dictionary<string, IReadOnlyList<string>>();
            var start = NUnitXmlReader.Time((string?)result.Attribute("startTime"));
            var end = NUnitXmlReader.Time((string?)result.Attribute("endTime"));
            attempts.Add(new TestAttempt
            {
                FullName = fullName,
                Name = shortName,
                ClassName = className,
                Assembly = codeBase is null ? Path.GetFileNameWithoutExtension(sourceFile)
                    : Path.GetFileNameWithoutExtension(codeBase),
                Result = outcome,
                Outcome = OutcomeClassifier.Classify(outcome, null, null, message, noProperties),
                Message = message,
                StackTrace = errorInfo?.Element(ns + "StackTrace")?.Value,
                Output = result.Element(ns + "Output")?.Element(ns + "StdOut")?.Value,
                Start = start,
                End = end,
                DurationSeconds = TimeSpan.TryParse((string?)result.Attribute("duration"), CultureInfo.InvariantCulture,
                    out var d) ? d.TotalSeconds : 0,
                Properties = noProperties,
                Categories = categories,
                SourceFile = sourceFile,
            });
        }
        return attempts;
    }
}
