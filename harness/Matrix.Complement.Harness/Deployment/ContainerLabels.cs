namespace Matrix.Complement.Harness.Deployment;

/// <summary>
/// The labels the harness puts on everything it starts. <see cref="Run"/> marks a container as ours (the sweep
/// matches it); <see cref="Owner"/> names the process that owns it, so the sweep removes only containers whose
/// owner is gone and never another live run's.
/// </summary>
public static class ContainerLabels
{
    /// <summary>Label key carrying the run id.</summary>
    public const string Run = "matrix-complement.run";

    /// <summary>Label key carrying <c>boot-id/pid/start-ticks</c> of the owning process.</summary>
    public const string Owner = "matrix-complement.owner";

    // Declared before CurrentOwner: static initialisers run in textual order.
    private static string BootId { get; } = File.Exists("/proc/sys/kernel/random/boot_id")
        ? File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim()
        : "no-boot-id";

    /// <summary>This process's owner value.</summary>
    public static string CurrentOwner { get; } = OwnerOf(Environment.ProcessId) ?? $"unknown/{Environment.ProcessId}/0";

    /// <summary>The owner value of a live process, or null if it does not exist.</summary>
    public static string? OwnerOf(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return null;
        try
        {
            var text = File.ReadAllText(stat);
            // Field 22 (starttime) counted after the ")" that closes the command name.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return $"{BootId}/{pid}/{fields[19]}";
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when the owner value names a process that no longer runs.</summary>
    public static bool IsDead(string? owner)
    {
        if (string.IsNullOrEmpty(owner)) return true;
        var parts = owner.Split('/');
        if (parts.Length != 3 || parts[0] != BootId || !int.TryParse(parts[1], out var pid)) return true;
        return OwnerOf(pid) != owner;
    }
}
