namespace Matrix.Complement.Reports.Reading;

/// <summary>
/// Reads NUnit 3 result XML (<c>&lt;test-run&gt;</c>, as the NUnit adapter writes with
/// <c>NUnit.TestOutputXml</c>): every <c>test-case</c> with its properties and categories, inherited from the suites
/// that contain it (fixture-level <c>[Msc]</c>, <c>[Category]</c>), its failure, output and attachments.
/// </summary>
public static class NUnitXmlReader
{
    /// <summary>True when <paramref name="root"/> is an NUnit 3 result document.</summary>
    public static bool IsNUnit(XElement root) => root.Name.LocalName == "test-run";

    /// <summary>Reads every test case of a document.</summary>
    public static IReadOnlyList<TestAttempt> Read(XDocument document, string sourceFile)
    {
        var attempts = new List<TestAttempt>();
        if (document.Root is not { } root || !IsNUnit(root)) return attempts;
        foreach (var testCase in root.Descendants("test-case"))
        {
            var suites = testCase.Ancestors("test-suite").Reverse().ToArray();
            var assembly = suites.FirstOrDefault(s => (string?)s.Attribute("type") == "Assembly") is { } a
                ? Path.GetFileNameWithoutExtension((string?)a.Attribute("name") ?? "") : "";
            var properties = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var element in suites.Where(s => (string?)s.Attribute("type") != "Assembly").Append(testCase))
                foreach (var property in element.Elements("properties").Elements("property"))
                {
                    var name = (string?)property.Attribute("name");
                    var value = (string?)property.Attribute("value") ?? "";
                    if (string.IsNullOrEmpty(name) || name.StartsWith('_')) continue;
                    if (!properties.TryGetValue(name, out var list)) properties[name] = list = [];
                    if (!list.Contains(value)) list.Add(value);
                }
            var categories = properties.TryGetValue("Category", out var cats) ? cats.ToArray() : [];
            properties.Remove("Category");
            var frozen = properties.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToArray());

            var result = (string?)testCase.Attribute("result") ?? "Skipped";
            var label = (string?)testCase.Attribute("label");
            var site = (string?)testCase.Attribute("site");
            var failure = testCase.Element("failure");
            var message = Text(failure?.Element("message")) ?? Text(testCase.Element("reason")?.Element("message"))
                ?? AssertionMessages(testCase);
            var fullName = (string?)testCase.Attribute("fullname") ?? (string?)testCase.Attribute("name") ?? "?";
            attempts.Add(new TestAttempt
            {
                FullName = fullName,
                Name = (string?)testCase.Attribute("name") ?? fullName,
                ClassName = (string?)testCase.Attribute("classname"),
                Assembly = assembly,
                Result = result,
                Label = label,
                Site = site,
                Outcome = OutcomeClassifier.Classify(result, label, site, message, frozen),
                Message = message,
                StackTrace = Text(failure?.Element("stack-trace")),
                Output = Text(testCase.Element("output")),
                Start = Time((string?)testCase.Attribute("start-time")),
                End = Time((string?)testCase.Attribute("end-time")),
                DurationSeconds = double.TryParse((string?)testCase.Attribute("duration"), NumberStyles.Float,
                    CultureInfo.InvariantCulture, out var d) ? d : 0,
                Properties = frozen,
                Categories = categories,
                Attachments = [.. testCase.Elements("attachments").Elements("attachment")
                    .Select(x => Text(x.Element("filePath"))).OfType<string>()],
                SourceFile = sourceFile,
            });
        }
        return attempts;
    }

    /// <summary>The run's start and end, from the root attributes.</summary>
    public static (DateTimeOffset? Start, DateTimeOffset? End) RunTimes(XDocument document) =>
        (Time((string?)document.Root?.Attribute("start-time")), Time((string?)document.Root?.Attribute("end-time")));

    internal static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static string? Text(XElement? element)
    {
        var text = element?.Value;
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim('\r', '\n');
    }

    private static string? AssertionMessages(XElement testCase)
    {
        var messages = testCase.Elements("assertions").Elements("assertion")
            .Select(a => Text(a.Element("message"))).OfType<string>().ToArray();
        return messages.Length == 0 ? null : string.Join("\n", messages);
    }
}
