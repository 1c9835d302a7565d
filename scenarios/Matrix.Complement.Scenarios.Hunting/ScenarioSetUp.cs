using Matrix.Complement.NUnit;
using NUnit.Framework;

/// <summary>The assembly's shared deployment and browsers, torn down at the end (<see cref="DeploymentSetUpFixture"/>).</summary>
[SetUpFixture]
public sealed class ScenarioSetUp : DeploymentSetUpFixture;
