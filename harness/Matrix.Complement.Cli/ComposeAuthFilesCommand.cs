using Matrix.Complement.Harness.Auth.Mas;
using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Cli;

/// <summary>
/// Rewrites the committed files of docker-compose.yml's <c>auth</c> profile from their generators
/// (<see cref="MasComposeProfile"/>); a harness test fails while the committed files differ from the generators' output.
/// </summary>
internal static class ComposeAuthFilesCommand
{
    public static int Run(TextWriter output)
    {
        foreach (var (path, yaml) in new[]
                 {
                     (MasComposeProfile.MasSettingsPath, MasComposeProfile.MasSettingsYaml()),
                     (MasComposeProfile.SynapseOverlayPath, MasComposeProfile.SynapseOverlayYaml()),
                 })
        {
            var file = Path.Combine(HarnessSettings.RepositoryRoot, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, yaml);
            output.WriteLine($"wrote {path}");
        }
        return 0;
    }
}
