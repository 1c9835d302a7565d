namespace Matrix.Complement.Harness.Hunting;

/// <summary>What the model says about one device and one message.</summary>
public enum Expectation
{
    /// <summary>The device must show the message decrypted (an unexpected UTD otherwise).</summary>
    Must,

    /// <summary>The device must not decrypt the message (a history leak otherwise).</summary>
    MustNot,

    /// <summary>The rules do not decide: nothing is asserted.</summary>
    May,
}
