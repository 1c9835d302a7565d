global using System.Globalization;
global using System.Text;
global using System.Text.Json;
global using System.Text.Json.Nodes;
global using System.Xml.Linq;
global using Matrix.Complement.Reports.Model;
