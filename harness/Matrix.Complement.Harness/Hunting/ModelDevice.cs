namespace Matrix.Complement.Harness.Hunting;

/// <summary>A device in the model.</summary>
public sealed class ModelDevice(string user, int number, int createdStep)
{
    /// <summary>Its user.</summary>
    public string User { get; } = user;

    /// <summary>1 for the user's first device.</summary>
    public int Number { get; } = number;

    /// <summary><c>user#n</c>.</summary>
    public string Name => $"{User}#{Number}";

    /// <summary>The step that logged it in (0: before the first action).</summary>
    public int CreatedStep { get; } = createdStep;

    /// <summary>The step that logged it out, if one did.</summary>
    public int? LoggedOutStep { get; set; }

    /// <summary>The steps at which it restored from key backup.</summary>
    public List<int> RestoredSteps { get; } = [];

    /// <summary>
    /// True from a login while its user was invited or had left until the user joins: other members' clients need
    /// not know the device before that (device-list updates go to users who share a room the user has joined).
    /// </summary>
    public bool Unannounced { get; set; }

    /// <summary>True while it is logged in.</summary>
    public bool Active => LoggedOutStep is null;

    /// <summary>A copy (for cloning the model).</summary>
    public ModelDevice Clone()
    {
        var copy = new ModelDevice(User, Number, CreatedStep) { LoggedOutStep = LoggedOutStep, Unannounced = Unannounced };
        copy.RestoredSteps.AddRange(RestoredSteps);
        return copy;
    }
}
