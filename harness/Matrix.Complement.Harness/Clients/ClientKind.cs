namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// An SDK implementation the harness can drive. The short forms <c>js</c>, <c>nio</c> and <c>raw</c> appear only in
/// the client-matrix grammar (<see cref="ClientMatrix"/>).
/// </summary>
public enum ClientKind
{
    /// <summary>matrix-js-sdk with its Rust crypto (WASM) in headless Chromium.</summary>
    Js,

    /// <summary>matrix-nio over libolm, a driver process.</summary>
    Nio,

    /// <summary>The harness's own low-level device over Vodozemac.Net.</summary>
    Raw,
}
