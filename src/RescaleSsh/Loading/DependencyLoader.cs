using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace RescaleSsh.Loading
{
    /// <summary>
    /// Loads SSH.NET, BouncyCastle and the rest of <see cref="DependencyCatalog"/> from the module's own
    /// dependencies/&lt;tfm&gt;/ folder, so that other modules' copies (Posh-SSH ships its own) never clash with ours,
    /// following Microsoft's "Resolving PowerShell module assembly dependency conflicts" and PSResourceGet's
    /// ModuleInitAndCleanup: an AssemblyResolve handler answers only requests that come from this module's
    /// assemblies (RescaleSsh, RescaleSsh.Engine, and the dependencies themselves), and only for names in the catalog.
    /// On .NET (PowerShell 7) they go into a private load context; on .NET Framework (Windows PowerShell 5.1) they are
    /// loaded with LoadFile, which keeps them out of the shared Load context. RescaleSsh.Engine itself loads beside
    /// RescaleSsh.dll in the default context, where PowerShell resolves type names such as [RescaleSsh.KeyPair].
    /// </summary>
    internal static class DependencyLoader
    {
        internal const string EngineName = "RescaleSsh.Engine";
        private static readonly object Gate = new object();
        private static int s_imports;

        internal static string ModuleFolder { get; } = Path.GetDirectoryName(typeof(DependencyLoader).Assembly.Location);

        internal static string DependencyFolder { get; } = Path.Combine(ModuleFolder, "dependencies", RuntimeFolderName());

        internal static bool IsDotNetCore =>
            !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        /// <summary>net8.0 assets on .NET 8 or later (PowerShell 7.4+), netstandard2.0 assets everywhere else.</summary>
        internal static string RuntimeFolderName() =>
            IsDotNetCore && Environment.Version.Major >= 8 ? "net8.0" : "netstandard2.0";

        /// <summary>Counts imports: every runspace of the process that imports the module shares the one handler.</summary>
        internal static void Install()
        {
            lock (Gate)
            {
                if (s_imports++ == 0) AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
            }
        }

        /// <summary>Removes the handler when the last runspace that imported the module removes it.</summary>
        internal static void Uninstall()
        {
            lock (Gate)
            {
                if (s_imports == 0 || --s_imports > 0) return;
                AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
            }
        }

        private static Assembly OnAssemblyResolve(object sender, ResolveEventArgs args)
        {
            if (!IsOurs(args.RequestingAssembly)) return null;
            var name = new AssemblyName(args.Name);
            if (string.Equals(name.Name, EngineName, StringComparison.Ordinal))
            {
                string engine = Path.Combine(ModuleFolder, EngineName + ".dll");
                return DependencyCatalog.Satisfies(engine, name) ? Assembly.LoadFrom(engine) : null;
            }
            if (IsDotNetCore) return DependencyCatalog.IsPrivate(name.Name, dotNetCore: true) ? LoadIntoPrivateContext(name) : null;
            string path = DependencyCatalog.Find(DependencyFolder, name, dotNetCore: false);
            return path == null ? null : Assembly.LoadFile(path);
        }

        private static bool IsOurs(Assembly requesting)
        {
            if (requesting == null || requesting.IsDynamic) return false;
            string name = requesting.GetName().Name;
            string folder = Path.GetDirectoryName(requesting.Location);
            if (string.Equals(folder, DependencyFolder, StringComparison.OrdinalIgnoreCase)) return true;
            return string.Equals(folder, ModuleFolder, StringComparison.OrdinalIgnoreCase) &&
                   (name == typeof(DependencyLoader).Assembly.GetName().Name || name == EngineName);
        }

        // Kept out of line so that .NET Framework never JIT-compiles a reference to AssemblyLoadContext.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Assembly LoadIntoPrivateContext(AssemblyName name) =>
            DependencyLoadContext.Instance.LoadFromAssemblyName(name);
    }
}
