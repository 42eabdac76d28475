using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RescaleSsh.Bench
{
    /// <summary>A PowerShell runspace with the built module (out/RescaleSsh/) imported, as the tests host it.</summary>
    public sealed class BenchHost : IDisposable
    {
        private readonly Runspace _runspace;

        public BenchHost()
        {
            string manifest = Path.Combine(FindRepoRoot(), "out", "RescaleSsh", "RescaleSsh.psd1");
            var state = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows()) state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            _runspace = RunspaceFactory.CreateRunspace(state);
            _runspace.Open();
            Invoke($"Import-Module '{manifest}' -ErrorAction Stop");
        }

        /// <summary>Runs a script and fails loudly on any error, so a broken run never counts as a fast one.</summary>
        public PSObject[] Invoke(string script)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            var output = ps.Invoke().ToArray();
            if (ps.Streams.Error.Count > 0) throw new InvalidOperationException(script + ": " + ps.Streams.Error[0]);
            return output;
        }

        /// <summary>
        /// Sets one of the module's test seams (EngineHooks, e.g. UploadConnections) for this runspace, by reflection:
        /// the bench does not reference the module, which it imports as users do. For design measurements only.
        /// </summary>
        public void SetHook(string name, object value)
        {
            var module = AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().Name == "RescaleSsh");
            var engine = AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().Name == "RescaleSsh.Engine");
            var hooksType = engine.GetType("RescaleSsh.EngineHooks", true);
            var internalHooks = module.GetType("RescaleSsh.Commands.InternalHooks", true);
            const System.Reflection.BindingFlags Any = System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
            _hooks ??= Activator.CreateInstance(hooksType, nonPublic: true);
            var property = hooksType.GetProperty(name) ?? throw new ArgumentException("no EngineHooks." + name);
            property.SetValue(_hooks, Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
            internalHooks.GetMethod("Set", Any).Invoke(null, new[] { _runspace, _hooks });
        }

        private object _hooks;

        public void Dispose() => _runspace.Dispose();

        private static string FindRepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            for (int i = 0; i < 12 && dir != null; i++, dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "RescaleSsh.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("RescaleSsh.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
