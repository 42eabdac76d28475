using System.IO;
using System.Linq;
using System.Xml.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    public class TransferHelpTests
    {
        [Fact]
        public void Get_Help_Full_shows_synopsis_description_every_parameter_and_the_examples()
        {
            using var ps = new PowerShellSession();

            var help = ps.Run("$h = Get-Help Copy-RescaleItem -Full; $h.Synopsis; ($h.description | ForEach-Object { $_.Text }) -join ' '; " +
                              "($h.parameters.parameter | ForEach-Object { $_.name }) -join ','; ($h.examples.example | ForEach-Object { $_.code }) -join ' '; " +
                              "$h.examples.example.Count; $h.returnValues.returnValue.type.name");

            Assert.Empty(help.AllErrors);
            var parts = help.Output.Select(o => o?.ToString() ?? "").ToList();
            Assert.Equal("Copies files and folders to and from a device over SFTP, like Copy-Item: resumable, verified, with progress.", parts[0]);
            Assert.Contains("Destination rules are Copy-Item's", parts[1]);
            var documented = parts[2].Split(',');
            var parameters = ps.Run("(Get-Command Copy-RescaleItem).Parameters.Keys").Output.Select(o => o.ToString())
                .Except(System.Management.Automation.Cmdlet.CommonParameters).ToList();
            Assert.Contains("Resume", parameters);
            Assert.Empty(parameters.Except(documented));
            Assert.Contains("udeprod.ttooPb@10.54.7.67:work/ -Recurse -KeyFilePath", parts[3]);
            Assert.Contains("backup-2026 does not exist", parts[3]);
            Assert.True(int.Parse(parts[4]) >= 2);
            Assert.Equal("RescaleSsh.TransferResult", parts[5]);
        }

        [Fact]
        public void The_format_file_has_a_table_view_for_TransferResult()
        {
            var formats = XDocument.Load(Path.Combine(ModuleUnderTest.ModuleFolder, "RescaleSsh.format.ps1xml"));

            var view = formats.Descendants("View").Single(v => (string)v.Element("ViewSelectedBy")?.Element("TypeName") == "RescaleSsh.TransferResult" && v.Element("TableControl") != null);

            // Laid out for 80 columns (issue 9): the file's name, not its path; Source, Destination and Duration are in the list view.
            var labels = view.Descendants("TableColumnHeader").Select(h => (string)h.Element("Label")).ToList();
            Assert.Equal(new[] { "Name", "Device", "Direction", "Status", "Size", "MB/s" }, labels);
        }
    }
}
