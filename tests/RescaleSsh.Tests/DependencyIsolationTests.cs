using System;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using RescaleSsh.Tests.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests
{
    public class DependencyIsolationTests
    {
        [Fact]
        public void SSH_NET_and_BouncyCastle_load_from_the_module_folder_into_a_private_load_context()
        {
            using var lab = new DeviceLab();
            using var ps = new PowerShellSession();
            var result = ps.Run("Test-RescaleConnection $device -KeyFilePath $key -KnownHostsPath $kh", lab.Variables());
            Assert.Empty(result.AllErrors);

            var sshNet = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Renci.SshNet").ToList();
            var loaded = Assert.Single(sshNet);
            var context = AssemblyLoadContext.GetLoadContext(loaded);
            Assert.NotSame(AssemblyLoadContext.Default, context);
            Assert.Equal("RescaleSsh", context.Name);
            var engine = Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "RescaleSsh.Engine");
            Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(engine));
            Assert.Equal(Path.Combine(ModuleUnderTest.ModuleFolder, "RescaleSsh.Engine.dll"), engine.Location);
            Assert.Equal(Path.Combine(ModuleUnderTest.ModuleFolder, "dependencies", "net8.0", "Renci.SshNet.dll"), loaded.Location);
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "Renci.SshNet" or "BouncyCastle.Cryptography");
        }
    
        [Fact]
        public void An_older_BouncyCastle_loaded_first_by_another_module_does_not_break_the_module()
        {
            using var lab = new DeviceLab();
            string loadCheck = Path.Combine(
                AppContext.BaseDirectory.Replace(Path.Combine("RescaleSsh.Tests", "bin"), Path.Combine("RescaleSsh.LoadCheck", "bin")),
                "RescaleSsh.LoadCheck.dll");
            string script = $"(Test-RescaleConnection '{lab.Server.Device}' -KeyFilePath '{lab.KeyPath}' -KnownHostsPath '{lab.KnownHostsPath}').Authenticated";

            var run = ExternalTool.Run("dotnet", new[] { loadCheck, ModuleUnderTest.ManifestPath, script }, null, 120);

            Assert.True(run.ExitCode == 0, run.StdErr + run.StdOut);
            var lines = run.StdOut.Split('\n').Select(l => l.Trim()).ToList();
            Assert.Contains("OUTPUT True", lines);
            Assert.DoesNotContain(lines, l => l.StartsWith("ERROR"));
            Assert.Contains("LOADED BouncyCastle.Cryptography Default other", lines);
            Assert.Contains("LOADED BouncyCastle.Cryptography DependencyLoadContext module", lines);
            Assert.Contains("LOADED Renci.SshNet DependencyLoadContext module", lines);
            Assert.Equal(3, lines.Count(l => l.StartsWith("LOADED")));
        }
    }
}
