using System.Reflection;

namespace Vodozemac.Net.Tests;

/// <summary>
/// When the tests are built outside the repository (a private artifacts path), walking up from the output folder
/// finds no Matrix.Complement.sln; point the binding at the source repository's set-up state instead.
/// </summary>
[SetUpFixture]
public sealed class AssemblySetUp
{
    [OneTimeSetUp]
    public void FindSetupStateOfTheSourceRepository()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(VodozemacLibrary.PathVariable))) return;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(VodozemacLibrary.CacheVariable))) return;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Matrix.Complement.sln"))) return;

        var root = typeof(AssemblySetUp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SourceRepositoryRoot")?.Value;
        if (root is not null && File.Exists(Path.Combine(root, "Matrix.Complement.sln")))
            Environment.SetEnvironmentVariable(VodozemacLibrary.CacheVariable, Path.Combine(root, ".cache"));
    }
}
