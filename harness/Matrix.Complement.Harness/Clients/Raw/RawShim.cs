using Matrix.Complement.Harness.Configuration;
using Vodozemac.Net;

namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>
/// Points Vodozemac.Net at the shim set-up built. Vodozemac.Net reads <c>MATRIX_COMPLEMENT_VODOZEMAC_LIB</c> from the
/// environment or from set-up's state file of a repository above the application folder; a harness built elsewhere
/// (a private artifacts path) finds no repository that way, so the path is taken from <see cref="HarnessSettings"/>
/// (which also knows where the source repository is) before the first call into the shim.
/// </summary>
public static class RawShim
{
    private static readonly Lock Gate = new();

    /// <summary>The shim's path, or null when set-up has not built it (or the recorded file is gone).</summary>
    public static string? LibraryPath =>
        HarnessSettings.VodozemacLib.Value is { Length: > 0 } path && File.Exists(path) ? path : null;

    /// <summary>True when the shim exists, so the <c>raw</c> kind can run here.</summary>
    public static bool IsAvailable => LibraryPath is not null;

    /// <summary>
    /// Makes sure Vodozemac.Net will load the shim set-up recorded; throws <see cref="VodozemacLibraryNotFoundException"/>
    /// (saying to run set-up) when there is none.
    /// </summary>
    public static void EnsureLocated()
    {
        lock (Gate)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(VodozemacLibrary.PathVariable)) && LibraryPath is { } path)
                Environment.SetEnvironmentVariable(VodozemacLibrary.PathVariable, path);
            _ = VodozemacLibrary.Path; // throws with the set-up hint when missing
        }
    }
}
