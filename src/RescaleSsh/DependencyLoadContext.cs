using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace RescaleSsh
{
    /// <summary>
    /// The private load context for the module's dependencies on .NET (PowerShell 7). An assembly found
    /// in dependencies/&lt;tfm&gt;/ is always loaded from there, even when the default context already
    /// holds another version of it; anything else (the framework) falls through to the default context.
    /// Only ever touched on .NET; Windows PowerShell never loads this type.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        internal static readonly DependencyLoadContext Instance = new DependencyLoadContext();

        protected override Assembly Load(AssemblyName assemblyName)
        {
            string path = Path.Combine(DependencyLoader.DependencyFolder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
