using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace RescaleSsh.Tests.Infrastructure
{
    /// <summary>
    /// Where the built module lives, and the process-wide setup every test relies on:
    /// HOME points at a throwaway folder (so nothing can reach a real ~/.ssh), SSH_AUTH_SOCK is unset (no real agent), and the test code's
    /// references to RescaleSsh.dll resolve to the very assembly PowerShell imports from out/RescaleSsh/.
    /// </summary>
    public static class ModuleUnderTest
    {
        public static readonly string RepoRoot = FindRepoRoot();
        public static readonly string ModuleFolder = Path.Combine(RepoRoot, "out", "RescaleSsh");
        public static readonly string ManifestPath = Path.Combine(ModuleFolder, "RescaleSsh.psd1");
        public static readonly string AssemblyPath = Path.Combine(ModuleFolder, "RescaleSsh.dll");
        public static string FakeHome { get; private set; }

        [ModuleInitializer]
        internal static void Initialize()
        {
            FakeHome = Path.Combine(Path.GetTempPath(), "rescalessh-test-home-" + Environment.ProcessId);
            Directory.CreateDirectory(FakeHome);
            Environment.SetEnvironmentVariable("HOME", FakeHome);
            Environment.SetEnvironmentVariable("USERPROFILE", FakeHome);
            // The developer's own agent must not offer keys to the tests: agent tests name theirs through EngineHooks.
            Environment.SetEnvironmentVariable("SSH_AUTH_SOCK", null);
            AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
                new AssemblyName(args.Name).Name switch
                {
                    "RescaleSsh" => Assembly.LoadFrom(AssemblyPath),
                    "RescaleSsh.Engine" => Assembly.LoadFrom(Path.Combine(ModuleFolder, "RescaleSsh.Engine.dll")),
                    _ => null,
                };
        }

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
