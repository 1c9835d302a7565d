using System.Security.Cryptography.X509Certificates;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// One listener of the proxy: the address it accepts on, the server and direction it stands for, and where it
/// forwards. A federation endpoint terminates TLS with <see cref="Certificate"/> (issued by the run CA for the
/// server's name, so the sending server sees the proxy as that server).
/// </summary>
/// <param name="Server">The logical server, e.g. <c>hs2</c>.</param>
/// <param name="Direction">Client-server (plain HTTP) or federation (TLS).</param>
/// <param name="Listen">The loopback address and port the proxy listens on.</param>
/// <param name="Backend">The server's own listener, e.g. <c>https://127.0.0.12:8448/</c>.</param>
/// <param name="Certificate">The TLS certificate served on a federation endpoint; null for client-server.</param>
internal sealed record ProxyEndpoint(string Server, TrafficDirection Direction, IPEndPoint Listen, Uri Backend,
    X509Certificate2? Certificate);
