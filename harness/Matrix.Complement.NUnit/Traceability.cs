namespace Matrix.Complement.NUnit;

/// <summary>Links a scenario to a section of the Matrix spec, e.g. <c>client-server-api/#end-to-end-encryption</c>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class SpecAttribute(string section) : PropertyAttribute("Spec", section);

/// <summary>Links a scenario to an MSC by number.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class MscAttribute(int number) : PropertyAttribute("Msc", number);

/// <summary>Links a scenario to an issue or pull request by URL.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class IssueLinkAttribute(string url) : PropertyAttribute("IssueLink", url);

/// <summary>Marks a scenario as a regression test for a known bug, e.g. <c>element-web#23113</c>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class RegressionAttribute(string reference) : PropertyAttribute("Regression", reference);
