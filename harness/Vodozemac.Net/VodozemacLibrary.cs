using System.Reflection;
using System.Runtime.InteropServices;
using Vodozemac.Net.Interop;

namespace Vodozemac.Net;

/// <summary>
/// Finds and loads the vodozemac shim (<c>libvzshim.so</c>) that set-up builds. The path comes from
/// <c>MATRIX_COMPLEMENT_VODOZEMAC_LIB</c> in the environment, else from the same key in set-up's state file
/// (<c>setup.env</c> in <c>MATRIX_COMPLEMENT_CACHE</c>, or in <c>.cache/</c> of the repository found by walking up
/// from the application's folder to the one holding <c>Matrix.Complement.sln</c>). Loading happens on the first
/// call into the shim; a missing library throws <see cref="VodozemacLibraryNotFoundException"/>.
/// </summary>
public static class VodozemacLibrary
{
    /// <summary>The environment variable (and state-file key) naming the shim's path.</summary>
    public const string PathVariable = "MATRIX_COMPLEMENT_VODOZEMAC_LIB";

    /// <summary>The environment variable naming set-up's cache folder.</summary>
    public const string CacheVariable = "MATRIX_COMPLEMENT_CACHE";

    private const string SolutionFile = "Matrix.Complement.sln";
    private const string StateFileName = "setup.env";

    private static readonly Lazy<nint> Loaded = new(() => NativeLibrary.Load(Path));
    private static readonly Lazy<string> LoadedPath = new(() =>
        Locate(Environment.GetEnvironmentVariable, [AppContext.BaseDirectory, Directory.GetCurrentDirectory()]));
    private static int registered;

    /// <summary>The full path of the shim in use (located on first access).</summary>
    public static string Path => LoadedPath.Value;

    /// <summary>The vodozemac version the shim was built against, e.g. <c>0.10.0</c>.</summary>
    public static string Version => Native.TakeString(NativeMethods.vz_version(), "reading the vodozemac version");

    /// <summary>Installs the import resolver for this assembly (once).</summary>
    internal static void RegisterResolver()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(VodozemacLibrary).Assembly, Resolve);
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == NativeMethods.Library ? Loaded.Value : 0;

    /// <summary>
    /// Where the shim is: <paramref name="environment"/>'s <see cref="PathVariable"/>, else the state file of the
    /// first repository found above one of <paramref name="searchStarts"/>. Throws a
    /// <see cref="VodozemacLibraryNotFoundException"/> that says to run set-up when there is none.
    /// </summary>
    internal static string Locate(Func<string, string?> environment, IEnumerable<string> searchStarts)
    {
        var fromEnvironment = environment(PathVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new VodozemacLibraryNotFoundException(
                    $"{PathVariable} is '{fromEnvironment}', which does not exist. Run `./complement setup` to build " +
                    $"the vodozemac shim, or unset {PathVariable} to use the one set-up recorded.");
        }

        var cache = environment(CacheVariable);
        var stateFiles = new List<string>();
        if (!string.IsNullOrEmpty(cache)) stateFiles.Add(System.IO.Path.Combine(cache, StateFileName));
        foreach (var start in searchStarts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFile))) continue;
                stateFiles.Add(System.IO.Path.Combine(dir.FullName, ".cache", StateFileName));
                break;
            }
        }

        foreach (var stateFile in stateFiles.Distinct())
        {
            var recorded = ReadStateValue(stateFile, PathVariable);
            if (recorded is null) continue;
            return File.Exists(recorded)
                ? recorded
                : throw new VodozemacLibraryNotFoundException(
                    $"{stateFile} records {PathVariable}={recorded}, which does not exist. Run `./complement setup` " +
                    "to build the vodozemac shim again.");
        }

        var looked = stateFiles.Count == 0
            ? $"no {SolutionFile} was found above the application folder"
            : "looked in " + string.Join(", ", stateFiles.Distinct());
        throw new VodozemacLibraryNotFoundException(
            $"The vodozemac shim (libvzshim.so) was not found: {PathVariable} is not set and no set-up state records " +
            $"it ({looked}). Run `./complement setup` to build it, or set {PathVariable} to its path.");
    }

    private static string? ReadStateValue(string stateFile, string key)
    {
        if (!File.Exists(stateFile)) return null;
        foreach (var line in File.ReadLines(stateFile))
        {
            if (line.StartsWith('#')) continue;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && line[..eq].Trim() == key)
            {
                var value = line[(eq + 1)..].Trim();
                return value.Length > 0 ? value : null;
            }
        }
        return null;
    }
}
