using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// A saved hunt scenario: the action sequence, the client kinds and driver faults it ran with, the seed that
/// found it and what went wrong. <c>./complement hunt --replay FILE</c> runs exactly this sequence again.
/// </summary>
public sealed record HuntScenarioFile
{
    /// <summary>The seed of the hunt that found it (for the record; a replay does not need it).</summary>
    public string? Seed { get; init; }

    /// <summary>Client kinds by user, round robin (<c>js</c>, or <c>js,nio</c>: Alice js, Bob nio, Charlie js).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = ["js"];

    /// <summary>Deliberate driver faults by user (<c>alice:noRoomKeysForNewDevices</c>); empty for a real hunt.</summary>
    public IReadOnlyList<string> Faults { get; init; } = [];

    /// <summary>The actions, in order.</summary>
    public IReadOnlyList<HuntAction> Actions { get; init; } = [];

    /// <summary>What the run that saved it saw go wrong.</summary>
    public IReadOnlyList<string> Violations { get; init; } = [];

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes the file (creating its folder) and returns its path.</summary>
    public string Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Options) + "\n");
        return path;
    }

    /// <summary>Reads a saved file and checks the sequence is valid for the model; throws saying what is wrong.</summary>
    public static HuntScenarioFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No hunt scenario file at {path}.", path);
        HuntScenarioFile? file;
        try
        {
            file = JsonSerializer.Deserialize<HuntScenarioFile>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a hunt scenario file: {e.Message}", e);
        }
        if (file is null || file.Actions.Count == 0) throw new InvalidDataException($"{path} holds no actions.");
        var model = HuntModel.Initial();
        foreach (var (action, i) in file.Actions.Select((a, i) => (a, i)))
        {
            if (!model.IsEnabled(action))
                throw new InvalidDataException($"{path}: action {i + 1} ('{action}') is not allowed where it stands.");
            model.Apply(action);
        }
        return file;
    }
}
