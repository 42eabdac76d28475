using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace RescaleSsh
{
    /// <summary>
    /// Loads SSH.NET, BouncyCastle and Microsoft.Extensions.* from the module's own dependencies/ folder
    /// so that other modules' copies (Posh-SSH ships its own) never clash with ours, following
    /// Microsoft's "Resolving PowerShell module assembly dependency conflicts":
    /// on .NET (PowerShell 7) they go into a private AssemblyLoadContext; on .NET Framework
    /// (Windows PowerShell 5.1) an AssemblyResolve handler answers only requests from this module's
    /// assemblies and loads with LoadFile, which keeps them out of the shared Load context.
    /// PowerShell itself never sees the folder, because nothing in the manifest names it.
    /// </summary>
    internal static class DependencyLoader
    {
        private static readonly object Gate = new object();
        private static string s_dependencyFolder;
        private static bool s_installed;

        internal static string DependencyFolder
        {
            get
            {
                if (s_dependencyFolder == null)
                {
                    string moduleFolder = Path.GetDirectoryName(typeof(DependencyLoader).Assembly.Location);
                    s_dependencyFolder = Path.Combine(moduleFolder, "dependencies", RuntimeFolderName());
                }
                return s_dependencyFolder;
            }
        }

        internal static bool IsDotNetCore =>
            !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        /// <summary>net8.0 assets on .NET 8 or later (PowerShell 7.4+), netstandard2.0 assets everywhere else.</summary>
        internal static string RuntimeFolderName() =>
            IsDotNetCore && Environment.Version.Major >= 8 ? "net8.0" : "netstandard2.0";

        internal static void Install()
        {
            lock (Gate)
            {
                if (s_installed) return;
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                s_installed = true;
            }
        }

        internal static void Uninstall()
        {
            lock (Gate)
            {
                if (!s_installed) return;
                AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                s_installed = false;
            }
        }

        private static Assembly OnAssemblyResolve(object sender, ResolveEventArgs args)
        {
            if (!IsOurs(args.RequestingAssembly)) return null;

            var name = new AssemblyName(args.Name);
            string path = Path.Combine(DependencyFolder, name.Name + ".dll");
            if (!File.Exists(path)) return null;

            return IsDotNetCore ? LoadIntoPrivateContext(name) : LoadSideBySide(path);
        }

        private static bool IsOurs(Assembly requesting)
        {
            if (requesting == null) return false;
            if (requesting == typeof(DependencyLoader).Assembly) return true;
            string location = requesting.IsDynamic ? null : requesting.Location;
            return !string.IsNullOrEmpty(location) &&
                   string.Equals(Path.GetDirectoryName(location), DependencyFolder, StringComparison.OrdinalIgnoreCase);
        }

        // Kept out of line so that .NET Framework never JIT-compiles a reference to AssemblyLoadContext.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Assembly LoadIntoPrivateContext(AssemblyName name) =>
            DependencyLoadContext.Instance.LoadFromAssemblyName(name);

        private static Assembly LoadSideBySide(string path) => Assembly.LoadFile(path);
    }
}
