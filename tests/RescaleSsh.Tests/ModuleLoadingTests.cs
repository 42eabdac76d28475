using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
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
            // PowerShell must never pick up a dependency by itself: only the module's own two assemblies sit beside the manifest.
            Assert.Equal(new[] { "RescaleSsh.Engine.dll", "RescaleSsh.dll" }, Directory.GetFiles(folder, "*.dll").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void Import_exports_exactly_the_cmdlets_the_manifest_lists_and_each_exists()
        {
            string manifest = File.ReadAllText(ModuleUnderTest.ManifestPath);
            string block = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((.*?)\)", RegexOptions.Singleline).Groups[1].Value;
            var listed = Regex.Matches(block, @"'([^']+)'").Select(m => m.Groups[1].Value).OrderBy(n => n).ToList();
            Assert.NotEmpty(listed);

            using var ps = new PowerShellSession();
            var exported = ps.Run("(Get-Module RescaleSsh).ExportedCmdlets.Keys").Output.Select(o => o.BaseObject.ToString()).OrderBy(n => n).ToList();
            var commands = ps.Run("Get-Command -Module RescaleSsh -CommandType Cmdlet | ForEach-Object Name").Output.Select(o => o.BaseObject.ToString()).OrderBy(n => n).ToList();

            Assert.Equal(listed, exported);
            Assert.Equal(listed, commands);
        }

        [Fact]
        public void Every_output_type_has_a_table_view()
        {
            using var ps = new PowerShellSession();
            var format = System.Xml.Linq.XDocument.Load(Path.Combine(ModuleUnderTest.ModuleFolder, "RescaleSsh.format.ps1xml"));
            var views = format.Descendants("View").Where(v => v.Element("TableControl") != null)
                .SelectMany(v => v.Descendants("TypeName")).Select(t => t.Value).ToList();
            Assert.Contains("RescaleSsh.Session", views);
            Assert.Contains("RescaleSsh.ConnectionTest", views);
            var outputTypes = ps.Run("Get-Command -Module RescaleSsh | ForEach-Object { $_.OutputType } | ForEach-Object { $_.Name }")
                .Output.Select(o => o.BaseObject.ToString()).Where(n => n.StartsWith("RescaleSsh.")).Distinct().ToList();
            Assert.NotEmpty(outputTypes);
            Assert.All(outputTypes, t => Assert.Contains(t, views));
        }
    
        [Fact]
        public void The_merged_help_holds_every_fragment_byte_for_byte()
        {
            string merged = File.ReadAllText(Path.Combine(ModuleUnderTest.ModuleFolder, "en-US", "RescaleSsh.dll-Help.xml"));
            var fragments = Directory.GetFiles(Path.Combine(ModuleUnderTest.RepoRoot, "src", "RescaleSsh", "en-US", "commands"), "*.xml");
            Assert.NotEmpty(fragments);
            Assert.All(fragments, f => Assert.Contains(File.ReadAllText(f).TrimEnd(), merged));
        }
    }
}
