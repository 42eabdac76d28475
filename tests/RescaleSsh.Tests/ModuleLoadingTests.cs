using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests
{
    public class ModuleLoadingTests
    {
        [Fact]
        public void The_built_module_folder_holds_manifest_assembly_formats_help_and_private_dependencies()
        {
            var folder = ModuleUnderTest.ModuleFolder;
            Assert.True(File.Exists(Path.Combine(folder, "RescaleSsh.psd1")));
            Assert.True(File.Exists(Path.Combine(folder, "RescaleSsh.dll")));
            Assert.True(File.Exists(Path.Combine(folder, "RescaleSsh.format.ps1xml")));
            Assert.True(File.Exists(Path.Combine(folder, "en-US", "RescaleSsh.dll-Help.xml")));
            Assert.True(File.Exists(Path.Combine(folder, "en-US", "about_RescaleSsh.help.txt")));
            foreach (var tfm in new[] { "netstandard2.0", "net8.0" })
            {
                Assert.True(File.Exists(Path.Combine(folder, "dependencies", tfm, "Renci.SshNet.dll")), tfm);
                Assert.True(File.Exists(Path.Combine(folder, "dependencies", tfm, "BouncyCastle.Cryptography.dll")), tfm);
            }
            // PowerShell must never pick up a dependency by itself: none sits beside the manifest.
            Assert.Equal(new[] { "RescaleSsh.dll" }, Directory.GetFiles(folder, "*.dll").Select(Path.GetFileName));
        }

        [Fact]
        public void Import_exports_exactly_the_cmdlets_the_manifest_lists()
        {
            using var ps = new PowerShellSession();
            var result = ps.Run("(Get-Module RescaleSsh).ExportedCmdlets.Keys");
            var exported = result.Output.Select(o => o.BaseObject.ToString()).ToList();
            Assert.Contains("Test-RescaleConnection", exported);
            Assert.All(exported, name => Assert.Matches("^[A-Z][a-z]+-Rescale", name));
        }
    }
}
