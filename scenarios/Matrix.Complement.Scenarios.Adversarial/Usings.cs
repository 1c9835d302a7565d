global using NUnit.Framework;
global using Matrix.Complement.Harness.Clients;
global using Matrix.Complement.Harness.Waiting;
global using Matrix.Complement.NUnit;
global using System.Text.Json.Nodes;
global using Matrix.Complement.Harness.Clients.Raw;
