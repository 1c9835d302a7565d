global using NUnit.Framework;
global using Matrix.Complement.Harness.Deployment;
