using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>Full help, examples that run as written, and the table view of RescaleSsh.KeyPair.</summary>
    public class KeyCmdletHelpTests
    {
        public static TheoryData<string> Cmdlets => new TheoryData<string> { "New-RescaleKeyPair", "Get-RescaleKey", "Convert-RescaleKey" };

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Full_help_has_a_synopsis_every_parameter_and_at_least_two_examples(string cmdlet)
        {
            using var ps = new PowerShellSession();
            var help = ps.Run($"Get-Help {cmdlet} -Full");
            Assert.Empty(help.AllErrors);
            string synopsis = ps.Run($"(Get-Help {cmdlet}).Synopsis").Output.Single().ToString();
            Assert.False(string.IsNullOrWhiteSpace(synopsis));
            Assert.DoesNotContain(cmdlet + " ", synopsis); // a real synopsis, not the generated syntax line
            var documented = ps.Run($"(Get-Help {cmdlet} -Full).parameters.parameter | ForEach-Object {{ $_.name }}").Output.Select(o => o.ToString()).ToList();
            var declared = ps.Run($"(Get-Command {cmdlet}).Parameters.Keys").Output.Select(o => o.ToString())
                .Where(p => !System.Management.Automation.Cmdlet.CommonParameters.Contains(p) && !System.Management.Automation.Cmdlet.OptionalCommonParameters.Contains(p)).ToList();
            Assert.Empty(declared.Except(documented));
            var descriptions = ps.Run($"(Get-Help {cmdlet} -Full).parameters.parameter | ForEach-Object {{ ($_.description | ForEach-Object {{ $_.Text }}) -join ' ' }}").Output;
            Assert.All(descriptions, d => Assert.False(string.IsNullOrWhiteSpace(d.ToString())));
            var examples = ps.Run($"(Get-Help {cmdlet} -Full).examples.example | ForEach-Object {{ $_.code }}").Output;
            Assert.True(examples.Count >= 2, $"{examples.Count} examples");
            string description = ps.Run($"((Get-Help {cmdlet} -Full).description | ForEach-Object {{ $_.Text }}) -join ' '").Output.Single().ToString();
            Assert.True(description.Length > 100);
        }

        [Fact]
        public void Every_example_runs_as_written()
        {
            using var home = new TempFolder();
            using var ps = new PowerShellSession();
            // Get-RescaleKey -Agent's example lists a running agent's keys: give the session one holding a key.
            using var agent = RescaleSsh.Tests.Agents.LoginAgent.OpenSsh(home);
            agent.Add(RescaleSsh.Tests.Agents.LoginAgent.NewKey(home, "ed25519", 0, "in-agent"));
            ps.Hooks.AgentLocator = new RescaleSsh.Agents.AgentLocator(name => name == "SSH_AUTH_SOCK" ? agent.SocketPath : null, false, null, null);
            // The examples use ~ and Read-Host: point ~ at a throwaway folder and answer the prompt.
            var setup = ps.Run($"$ExecutionContext.SessionState.Provider.GetOne('FileSystem').Home = '{home.Path}'; " +
                               "function Read-Host { param([switch] $AsSecureString, [string] $Prompt) $examplePassphrase }",
                ("examplePassphrase", KeyKit.Secure(KeyKit.Pass)));
            Assert.Empty(setup.AllErrors);
            foreach (var cmdlet in new[] { "New-RescaleKeyPair", "Get-RescaleKey", "Convert-RescaleKey" })
            {
                var examples = ps.Run($"(Get-Help {cmdlet} -Full).examples.example | ForEach-Object {{ $_.code }}").Output.Select(o => o.ToString()).ToList();
                Assert.NotEmpty(examples);
                foreach (var code in examples)
                {
                    var result = ps.Run(code);
                    Assert.True(!result.AllErrors.Any(), code + " -> " + result);
                    if (!code.Contains("-WhatIf")) Assert.True(result.Output.Count > 0, code);
                    Assert.All(result.Output, o => Assert.IsType<KeyPair>(o.BaseObject));
                }
            }
            Assert.True(File.Exists(Path.Combine(home.Path, ".ssh", "rescale_rsa.ppk")));
            Assert.True(File.Exists(Path.Combine(home.Path, ".ssh", "rescale_ed25519_openssh")));
            Assert.True(File.Exists(Path.Combine(home.Path, ".ssh", "rescale_ecdsa.ppk")));
            KeyKit.AssertOwnerOnly(Path.Combine(home.Path, ".ssh", "rescale_ed25519_openssh"));
        }

        [Fact]
        public void KeyPair_has_a_table_view_in_the_format_file()
        {
            var format = XDocument.Load(Path.Combine(ModuleUnderTest.ModuleFolder, "RescaleSsh.format.ps1xml"));
            // The table (issue 9 redesigned it for 80 columns; the list view beside it shows every path).
            var view = format.Descendants("View").Single(v => v.Element("ViewSelectedBy")?.Element("TypeName")?.Value == "RescaleSsh.KeyPair" && v.Element("TableControl") != null);
            var labels = view.Descendants("TableColumnHeader").Select(h => (string)h.Element("Label")).ToList();
            Assert.Equal(new[] { "Name", "Type", "Encrypted", "Comment", "Fingerprint" }, labels);

            Assert.Contains(view.Descendants("ScriptBlock"), b => b.Value.Contains("PrivateKeyPath"));
            // The manifest loads the file with the module.
            Assert.Contains("RescaleSsh.format.ps1xml", File.ReadAllText(ModuleUnderTest.ManifestPath));
        }

        [Fact]
        public void The_manifest_exports_the_three_key_cmdlets()
        {
            using var ps = new PowerShellSession();
            var exported = ps.Run("(Get-Module RescaleSsh).ExportedCmdlets.Keys").Output.Select(o => o.ToString()).ToList();
            Assert.Contains("New-RescaleKeyPair", exported);
            Assert.Contains("Get-RescaleKey", exported);
            Assert.Contains("Convert-RescaleKey", exported);
            var outputType = ps.Run("(Get-Command New-RescaleKeyPair).OutputType | ForEach-Object { $_.Name }").Output.Single().ToString();
            Assert.Equal("RescaleSsh.KeyPair", outputType);
        }
    }
}
