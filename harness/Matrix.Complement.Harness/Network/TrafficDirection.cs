namespace Matrix.Complement.Harness.Network;

/// <summary>Which kind of traffic a flow is: a client talking to its homeserver, or one homeserver to another.</summary>
public enum TrafficDirection
{
    /// <summary>Client-server API traffic (plain HTTP to a server's client port, through the proxy).</summary>
    ClientServer,

    /// <summary>Server-server traffic (TLS to a server's federation port, through the proxy).</summary>
    Federation,
}
