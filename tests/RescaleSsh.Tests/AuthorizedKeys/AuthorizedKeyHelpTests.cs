using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>Get-Help -Full shows synopsis, description, every parameter and at least two examples; the table views exist.</summary>
    public class AuthorizedKeyHelpTests
    {
        [Theory]
        [InlineData("Add-RescaleAuthorizedKey")]
        [InlineData("Get-RescaleAuthorizedKey")]
        [InlineData("Remove-RescaleAuthorizedKey")]
        public void Get_Help_Full_shows_synopsis_description_every_parameter_and_examples(string cmdlet)
        {
            using var ps = new PowerShellSession();

            var help = ps.Run($"$h = Get-Help {cmdlet} -Full; $h.Synopsis; ($h.description | ForEach-Object {{ $_.Text }}) -join ' '; $h.examples.example.Count; " +
                              $"$h.parameters.parameter | ForEach-Object {{ $_.name + '=' + (($_.description | ForEach-Object {{ $_.Text }}) -join ' ') }}");
            var parameters = ps.Run($"(Get-Command {cmdlet}).Parameters.Keys | Where-Object {{ $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }}");

            Assert.Empty(help.AllErrors);
            string synopsis = help.Output[0].ToString();
            Assert.False(string.IsNullOrWhiteSpace(synopsis));
            Assert.DoesNotContain(cmdlet + " ", synopsis); // a generated synopsis is just the syntax
            Assert.True(help.Output[1].ToString().Length > 100, "description too short");
            Assert.True((int)help.Output[2].BaseObject >= 2, "fewer than two examples");
            var documented = help.Output.Skip(3).Select(o => o.ToString()).ToDictionary(s => s.Split('=')[0], s => s.Substring(s.IndexOf('=') + 1));
            foreach (string parameter in parameters.Output.Select(o => o.ToString()).Concat(new[] { "ComputerName" }).Distinct())
            {
                Assert.True(documented.ContainsKey(parameter), $"{cmdlet} -{parameter} is not in its help");
                Assert.False(string.IsNullOrWhiteSpace(documented[parameter]), $"{cmdlet} -{parameter} has no description");
            }
        }

        [Fact]
        public void Both_output_types_have_a_table_view()
        {
            var formats = System.Xml.Linq.XDocument.Load(System.IO.Path.Combine(ModuleUnderTest.ModuleFolder, "RescaleSsh.format.ps1xml"));
            foreach (string type in new[] { "RescaleSsh.AuthorizedKey", "RescaleSsh.AuthorizedKeyResult" })
            {
                var view = Assert.Single(formats.Descendants("View"), v => v.Element("ViewSelectedBy")?.Element("TypeName")?.Value == type && v.Element("TableControl") != null);
                // Every column names a property the type really has.
                var properties = typeof(RescaleSsh.AuthorizedKey).Assembly.GetType(type).GetProperties().Select(p => p.Name).ToList();
                Assert.All(view.Descendants("PropertyName"), p => Assert.Contains(p.Value, properties));
            }
        }
    }
}
