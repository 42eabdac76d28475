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
            Assert.Equal(Path.Combine(ModuleUnderTest.ModuleFolder, "dependencies", "net8.0", "Renci.SshNet.dll"), loaded.Location);
            Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name is "Renci.SshNet" or "BouncyCastle.Cryptography");
        }
    }
}
