using System.Reflection;
using System.Runtime.Loader;

namespace Vodozemac.Net.Tests;

public sealed class LibraryTests
{
    [Test]
    public void The_shim_reports_the_vodozemac_version_it_was_built_against()
    {
        Assert.That(VodozemacLibrary.Version, Does.Match(@"^\d+\.\d+\.\d+"));
        Assert.That(File.Exists(VodozemacLibrary.Path), Is.True);
    }

    [Test]
    public void A_path_variable_naming_a_missing_file_says_to_run_setup()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"vz-missing-{Guid.NewGuid():N}", "libvzshim.so");
        var error = Assert.Throws<VodozemacLibraryNotFoundException>(() => VodozemacLibrary.Locate(
            name => name == VodozemacLibrary.PathVariable ? missing : null, []));
        Assert.That(error!.Message, Does.Contain("./complement setup").And.Contain(missing));
    }

    [Test]
    public void No_variable_and_no_setup_state_says_to_run_setup()
    {
        var empty = Directory.CreateTempSubdirectory("vz-no-repo-");
        try
        {
            var error = Assert.Throws<VodozemacLibraryNotFoundException>(() =>
                VodozemacLibrary.Locate(_ => null, [empty.FullName]));
            Assert.That(error!.Message, Does.Contain("./complement setup").And.Contain(VodozemacLibrary.PathVariable));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Test]
    public void The_setup_state_file_of_the_repository_above_is_read()
    {
        var repo = Directory.CreateTempSubdirectory("vz-repo-");
        try
        {
            var lib = Path.Combine(repo.FullName, "libvzshim.so");
            File.WriteAllText(lib, "");
            File.WriteAllText(Path.Combine(repo.FullName, "Matrix.Complement.sln"), "");
            Directory.CreateDirectory(Path.Combine(repo.FullName, ".cache"));
            File.WriteAllText(Path.Combine(repo.FullName, ".cache", "setup.env"),
                $"OTHER=1\n{VodozemacLibrary.PathVariable}={lib}\n");
            var start = Directory.CreateDirectory(Path.Combine(repo.FullName, "bin", "Debug")).FullName;

            Assert.That(VodozemacLibrary.Locate(_ => null, [start]), Is.EqualTo(lib));
        }
        finally
        {
            repo.Delete(recursive: true);
        }
    }

    [Test]
    [NonParallelizable]
    public void Calling_into_a_missing_library_throws_the_clear_exception()
    {
        // The binding as a fresh copy (own load context, so its resolver runs again) with the variable pointing nowhere.
        _ = VodozemacLibrary.Version; // the shared copy has resolved already; changing the variable cannot affect it
        var context = new AssemblyLoadContext("vodozemac-missing", isCollectible: true);
        var previous = Environment.GetEnvironmentVariable(VodozemacLibrary.PathVariable);
        var missing = Path.Combine(Path.GetTempPath(), $"vz-missing-{Guid.NewGuid():N}", "libvzshim.so");
        try
        {
            Environment.SetEnvironmentVariable(VodozemacLibrary.PathVariable, missing);
            var assembly = context.LoadFromAssemblyPath(typeof(Account).Assembly.Location);
            var accountType = assembly.GetType(typeof(Account).FullName!, throwOnError: true)!;

            var error = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(accountType));
            var inner = error!.InnerException;
            Assert.That(inner?.GetType().FullName, Is.EqualTo(typeof(VodozemacLibraryNotFoundException).FullName),
                inner?.ToString());
            Assert.That(inner!.Message, Does.Contain("./complement setup").And.Contain(missing));
        }
        finally
        {
            Environment.SetEnvironmentVariable(VodozemacLibrary.PathVariable, previous);
            context.Unload();
        }
    }
}
