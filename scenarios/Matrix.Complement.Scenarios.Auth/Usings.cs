global using NUnit.Framework;
global using Matrix.Complement.Harness.Auth;
global using Matrix.Complement.Harness.Clients;
global using Matrix.Complement.Harness.Waiting;
global using Matrix.Complement.NUnit;
