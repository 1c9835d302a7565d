namespace Matrix.Complement.Harness.Hunting;

/// <summary>The model's verdict for one message on one device, with the rule that gave it.</summary>
/// <param name="Message">The message's index (0 for the first message sent).</param>
/// <param name="Device">The device (<c>bob#2</c>).</param>
/// <param name="Expect">Must, must not, or may decrypt.</param>
/// <param name="Reason">The rule, in words, for failure messages.</param>
public sealed record Prediction(int Message, string Device, Expectation Expect, string Reason);
