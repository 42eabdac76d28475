using System;
using System.Reflection;
using System.Runtime.Loader;

namespace RescaleSsh.Loading
{
    /// <summary>
    /// The private load context for the module's dependencies on .NET (PowerShell 7), named "RescaleSsh" so that it
    /// is recognisable in [System.Runtime.Loader.AssemblyLoadContext]::All. It answers only for the names in
    /// <see cref="DependencyCatalog"/>, from dependencies/&lt;tfm&gt;/, even when the default context already holds
    /// another version; anything else (the framework) falls through to the default context.
    /// Only ever touched on .NET; Windows PowerShell never loads this type.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        internal const string ContextName = "RescaleSsh";

        internal static readonly DependencyLoadContext Instance = Create();

        protected override Assembly Load(AssemblyName assemblyName)
        {
            string path = DependencyCatalog.Find(DependencyLoader.DependencyFolder, assemblyName, dotNetCore: true);
            return path == null ? null : LoadFromAssemblyPath(path);
        }

        /// <summary>
        /// The named constructor (AssemblyLoadContext(string, bool), .NET Core 3.0+) is not in the netstandard2.0
        /// reference this module compiles against, so it is called by reflection on an instance whose own
        /// (field-less) constructor never ran; a runtime without it gets an unnamed context.
        /// </summary>
        private static DependencyLoadContext Create()
        {
            var named = typeof(AssemblyLoadContext).GetConstructor(
                BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null, new[] { typeof(string), typeof(bool) }, null);
            if (named == null) return new DependencyLoadContext();
#pragma warning disable SYSLIB0050 // GetUninitializedObject: the base constructor below initialises the instance
            var context = (DependencyLoadContext)System.Runtime.Serialization.FormatterServices.GetUninitializedObject(typeof(DependencyLoadContext));
#pragma warning restore SYSLIB0050
            named.Invoke(context, new object[] { ContextName, false });
            return context;
        }
    }
}
