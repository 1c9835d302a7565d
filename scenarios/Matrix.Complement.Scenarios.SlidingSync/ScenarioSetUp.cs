using Matrix.Complement.NUnit;
using NUnit.Framework;

/// <summary>The assembly's shared hs1+hs2 deployment, torn down when the sliding-sync scenarios are done.</summary>
[SetUpFixture]
public sealed class ScenarioSetUp : DeploymentSetUpFixture;
