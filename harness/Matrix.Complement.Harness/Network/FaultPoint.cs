namespace Matrix.Complement.Harness.Network;

/// <summary>Where in a flow a hold or a drop happens.</summary>
public enum FaultPoint
{
    /// <summary>Before the request reaches the homeserver: the server never sees it (until released).</summary>
    Request,

    /// <summary>After the homeserver answered, before the client gets the response: the server has acted.</summary>
    Response,
}
