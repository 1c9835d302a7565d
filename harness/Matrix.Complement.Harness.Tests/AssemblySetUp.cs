using Matrix.Complement.NUnit;
using NUnit.Framework;

/// <summary>Disposes the shared deployment once this assembly's tests are done.</summary>
[SetUpFixture]
public sealed class HarnessTestsSetUp : DeploymentSetUpFixture;
