namespace Matrix.Complement.NUnit;

/// <summary>
/// "Ignore locally, fail on CI": a test that needs a part set-up provides (a browser, a bundle) is skipped on a
/// developer's machine where that part is missing, but fails where <c>CI</c> is set, so a broken set-up can never
/// turn a CI run green by skipping.
/// </summary>
public static class Require
{
    /// <summary>Skips (locally) or fails (on CI) unless <paramref name="condition"/> holds.</summary>
    public static void That(bool condition, string missing)
    {
        if (condition) return;
        if (IsCi) Assert.Fail($"Required on CI but missing: {missing}");
        Assert.Ignore(missing);
    }

    /// <summary>True where the <c>CI</c> environment variable is set to a true value.</summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } v &&
                               !v.Equals("false", StringComparison.OrdinalIgnoreCase) && v != "0";
}
