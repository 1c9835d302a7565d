namespace Matrix.Complement.Harness.Deployment;

/// <summary>
/// A block of loopback addresses owned by one deployment. Slot 0 gives hsN the address 127.0.0.(10+N), as
/// DESIGN.md fixes; slot k gives 127.0.k.(10+N), so several deployments (in one process or in several) never
/// share an address. A slot is held through an exclusive lock file for the deployment's lifetime.
/// </summary>
public sealed class LoopbackSlot : IDisposable
{
    private const int MaxSlots = 200;
    private readonly FileStream _lock;

    /// <summary>The slot number (third octet of its addresses).</summary>
    public int Number { get; }

    private LoopbackSlot(int number, FileStream lockFile)
    {
        Number = number;
        _lock = lockFile;
    }

    /// <summary>The address of homeserver <paramref name="index"/> (1 for hs1).</summary>
    public IPAddress HomeserverAddress(int index) => new([127, 0, (byte)Number, (byte)(10 + index)]);

    /// <summary>The address of the fault-injection proxy that stands in front of homeserver <paramref name="index"/>.</summary>
    public IPAddress ProxyAddress(int index) => new([127, 0, (byte)Number, (byte)(110 + index)]);

    /// <summary>Takes the lowest free slot.</summary>
    public static LoopbackSlot Acquire()
    {
        var directory = Path.Combine(Path.GetTempPath(), "matrix-complement-slots");
        Directory.CreateDirectory(directory);
        for (var n = 0; n < MaxSlots; n++)
        {
            try
            {
                var stream = new FileStream(Path.Combine(directory, $"{n}.lock"), FileMode.OpenOrCreate,
                    FileAccess.ReadWrite, FileShare.None);
                return new LoopbackSlot(n, stream);
            }
            catch (IOException)
            {
                // held by another deployment
            }
        }
        throw new InvalidOperationException($"All {MaxSlots} loopback slots are in use; are old harness processes still running?");
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();
}
