global using NUnit.Framework;
global using System.Net;
global using System.Text.Json.Nodes;
