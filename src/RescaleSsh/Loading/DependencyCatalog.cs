using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace RescaleSsh.Loading
{
    /// <summary>
    /// The explicit list of assemblies the module's loaders may answer for, and the check that a file in
    /// dependencies/ satisfies a request: same simple name, same public-key token, and a version at least the one
    /// asked for (as PowerShellEditorServices' PsesLoadContext checks). Anything else is left to the runtime.
    /// </summary>
    internal static class DependencyCatalog
    {
        /// <summary>Loaded privately on every runtime.</summary>
        private static readonly string[] Private =
        {
            "Renci.SshNet",
            "BouncyCastle.Cryptography",
            "Microsoft.Extensions.Logging.Abstractions",
            "Microsoft.Extensions.DependencyInjection.Abstractions",
        };

        /// <summary>Polyfills SSH.NET's netstandard2.0 build needs on .NET Framework; on .NET the framework's own copies serve.</summary>
        private static readonly string[] FrameworkPolyfills =
        {
            "Microsoft.Bcl.AsyncInterfaces",
            "System.Buffers",
            "System.Formats.Asn1",
            "System.Memory",
            "System.Numerics.Vectors",
            "System.Runtime.CompilerServices.Unsafe",
            "System.Threading.Tasks.Extensions",
        };

        internal static bool IsPrivate(string simpleName, bool dotNetCore) =>
            Private.Contains(simpleName, StringComparer.Ordinal) ||
            (!dotNetCore && FrameworkPolyfills.Contains(simpleName, StringComparer.Ordinal));

        /// <summary>The file in <paramref name="folder"/> that answers <paramref name="requested"/>, or null.</summary>
        internal static string Find(string folder, AssemblyName requested, bool dotNetCore)
        {
            if (!IsPrivate(requested.Name, dotNetCore)) return null;
            string path = Path.Combine(folder, requested.Name + ".dll");
            return Satisfies(path, requested) ? path : null;
        }

        internal static bool Satisfies(string path, AssemblyName requested)
        {
            if (!File.Exists(path)) return false;
            AssemblyName actual;
            try
            {
                actual = AssemblyName.GetAssemblyName(path);
            }
            catch (Exception ex) when (ex is BadImageFormatException || ex is IOException)
            {
                return false;
            }
            if (!string.Equals(actual.Name, requested.Name, StringComparison.Ordinal)) return false;
            if (requested.Version != null && actual.Version < requested.Version) return false;
            byte[] wanted = requested.GetPublicKeyToken();
            return wanted == null || wanted.Length == 0 || wanted.SequenceEqual(actual.GetPublicKeyToken() ?? Array.Empty<byte>());
        }
    }
}
