global using System.Text;
global using System.Text.Json.Nodes;
global using Matrix.Complement.Reports;
global using Matrix.Complement.Reports.Model;
global using NUnit.Framework;
