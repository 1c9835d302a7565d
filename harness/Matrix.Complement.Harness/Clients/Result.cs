namespace Matrix.Complement.Harness.Clients;

/// <summary>The outcome of a <c>Try…</c> call, where failure is what the scenario tests.</summary>
public sealed record Result<T>
{
    private Result(T? value, string? error) => (Value, Error) = (value, error);

    /// <summary>The value, when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>Why it failed (the expectation and the observations), when it did.</summary>
    public string? Error { get; }

    /// <summary>True when the call did what was asked.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A success carrying <paramref name="value"/>.</summary>
    public static Result<T> Ok(T value) => new(value, null);

    /// <summary>A failure with its reason.</summary>
    public static Result<T> Fail(string error) => new(default, error);

    /// <summary>The value; throws <see cref="ExpectationFailedException"/> with <see cref="Error"/> on a failure.</summary>
    public T OrThrow() => Succeeded ? Value! : throw new ExpectationFailedException(Error!);

    /// <inheritdoc />
    public override string ToString() => Succeeded ? $"Ok({Value})" : $"Fail({Error})";
}
