global using System.Text;
global using NUnit.Framework;
global using Vodozemac.Net;
