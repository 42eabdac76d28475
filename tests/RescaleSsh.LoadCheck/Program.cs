using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.Loader;

// Usage: RescaleSsh.LoadCheck <manifest> <script>
// Prints the script's output, its errors, then one "LOADED <name> <load context> <module|other>" line per copy
// of BouncyCastle and SSH.NET in the process (module: loaded from the RescaleSsh module folder).
string otherModulesCopy = Path.Combine(AppContext.BaseDirectory, "other-module", "BouncyCastle.Cryptography.dll");
var preloaded = AssemblyLoadContext.Default.LoadFromAssemblyPath(otherModulesCopy);
preloaded.GetTypes();

using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
using var ps = PowerShell.Create();
ps.Runspace = runspace;
ps.AddScript($"Import-Module '{args[0]}' -ErrorAction Stop; {args[1]}");
try
{
    foreach (var item in ps.Invoke()) Console.WriteLine("OUTPUT " + item);
}
catch (RuntimeException ex)
{
    Console.WriteLine("ERROR " + ex.ErrorRecord.FullyQualifiedErrorId + " " + ex.Message);
}
foreach (var error in ps.Streams.Error) Console.WriteLine("ERROR " + error.FullyQualifiedErrorId + " " + error.Exception.Message);
foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()
             .Where(a => a.GetName().Name is "BouncyCastle.Cryptography" or "Renci.SshNet"))
{
    var context = AssemblyLoadContext.GetLoadContext(assembly);
    string origin = assembly.Location.StartsWith(Path.GetDirectoryName(Path.GetFullPath(args[0])) + Path.DirectorySeparatorChar) ? "module" : "other";
    Console.WriteLine($"LOADED {assembly.GetName().Name} {(context == AssemblyLoadContext.Default ? "Default" : context?.GetType().Name)} {origin}");
}
