global using System.Net;
global using System.Text.Json.Nodes;
global using NUnit.Framework;
global using Matrix.Complement.Harness.Deployment;
global using Matrix.Complement.Harness.Http;
global using Matrix.Complement.Harness.Waiting;
global using Matrix.Complement.NUnit;
global using Matrix.Complement.Scenarios.SlidingSync.Support;
