using System;
using System.IO;
using System.Linq;
using Xunit;

namespace RescaleSsh.Engine.Tests
{
    /// <summary>The layering and size rules the design holds (README, "Rooms"), checked on the sources and the built engine.</summary>
    public class ArchitectureTests
    {
        private static readonly string Src = SourceTree.Src;

        [Fact]
        public void The_engine_references_no_PowerShell_assembly_or_package()
        {
            var references = typeof(RescaleSshException).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
            Assert.DoesNotContain("System.Management.Automation", references);
            var project = System.Xml.Linq.XDocument.Load(Path.Combine(Src, "RescaleSsh.Engine", "RescaleSsh.Engine.csproj"));
            var packages = project.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "Reference" or "ProjectReference")
                .Select(e => (string)e.Attribute("Include")).ToList();
            Assert.Equal(new[] { "SSH.NET", "BouncyCastle.Cryptography" }, packages);
            Assert.Empty(SourceTree.SourceFiles("RescaleSsh.Engine").Where(f => File.ReadAllText(f).Contains("System.Management.Automation", StringComparison.Ordinal)));
        }

        [Fact]
        public void No_source_file_is_over_300_lines_and_no_cmdlet_over_150()
        {
            var tooLong = SourceTree.SourceFiles("RescaleSsh.Engine").Concat(SourceTree.SourceFiles("RescaleSsh"))
                .Where(f => File.ReadLines(f).Count() > 300).Select(f => Path.GetRelativePath(Src, f));
            Assert.Empty(tooLong);
            var cmdlets = Directory.GetFiles(Path.Combine(Src, "RescaleSsh", "Commands"), "*Command.cs")
                .Where(f => File.ReadLines(f).Count() > 150).Select(Path.GetFileName);
            Assert.Empty(cmdlets);
        }

        [Fact]
        public void The_module_root_holds_at_most_two_loose_source_files()
        {
            Assert.True(Directory.GetFiles(Path.Combine(Src, "RescaleSsh"), "*.cs").Length <= 2);
        }
    }
}
