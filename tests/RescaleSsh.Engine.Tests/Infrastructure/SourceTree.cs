using System;
using System.IO;
using System.Linq;

namespace RescaleSsh.Engine.Tests
{
    /// <summary>The repository the tests were built from: its root, and the C# sources of a project under src.</summary>
    internal static class SourceTree
    {
        internal static readonly string Root = FindRoot();
        internal static readonly string Src = Path.Combine(Root, "src");

        internal static string[] SourceFiles(string project) =>
            Directory.GetFiles(Path.Combine(Src, project), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                            !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .ToArray();

        private static string FindRoot()
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
