namespace Matrix.Complement.Harness.Clients;

/// <summary>Which devices a client encrypts to and decrypts from (MSC4153, "exclude insecure devices").</summary>
public enum DeviceIsolationMode
{
    /// <summary>All devices, verified or not (the default).</summary>
    AllDevices,

    /// <summary>Only devices cross-signed by their owner.</summary>
    OnlyCrossSigned,
}
