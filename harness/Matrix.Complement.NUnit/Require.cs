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

    /// <summary>
    /// Skips the test, everywhere and with the reason, unless every one of <paramref name="clients"/> declares
    /// <paramref name="feature"/> (<see cref="Harness.Clients.IClient.Features"/>): a kind that lacks a feature is
    /// recorded as skipped for that scenario ("nio lacks crossSigning"), never as passed.
    /// </summary>
    public static void Feature(Harness.Clients.ClientFeature feature, params Harness.Clients.IClient[] clients)
    {
        var lacking = clients.Where(c => !c.Features.Contains(feature)).ToList();
        if (lacking.Count == 0) return;
        Assert.Ignore(string.Join("; ", lacking.Select(c =>
            $"{Harness.Clients.ClientMatrix.ShortName(c.Kind)} ({c.Actor}) lacks {Harness.Clients.ClientFeatures.Name(feature)}")));
    }

    /// <summary>True where the <c>CI</c> environment variable is set to a true value.</summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } v &&
                               !v.Equals("false", StringComparison.OrdinalIgnoreCase) && v != "0";
}
