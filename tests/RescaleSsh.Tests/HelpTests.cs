using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Xml.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests
{
    /// <summary>One PowerShell session with the module imported, shared by the help tests (they only read).</summary>
    public sealed class HelpSession : IDisposable
    {
        public PowerShellSession PowerShell { get; } = new PowerShellSession();

        private readonly Dictionary<string, PSObject> _help = new Dictionary<string, PSObject>();
        private readonly Dictionary<string, CmdletInfo> _commands = new Dictionary<string, CmdletInfo>();

        /// <summary><c>Get-Help &lt;name&gt; -Full</c>, as the user sees it.</summary>
        public PSObject Help(string name)
        {
            if (!_help.TryGetValue(name, out var help))
            {
                var result = PowerShell.Run("Get-Help -Name $name -Full", ("name", name));
                Assert.Empty(result.AllErrors);
                help = Assert.Single(result.Output);
                _help[name] = help;
            }
            return help;
        }

        public CmdletInfo Command(string name)
        {
            if (!_commands.TryGetValue(name, out var command))
            {
                var result = PowerShell.Run("Get-Command -Name $name -Module RescaleSsh", ("name", name));
                Assert.Empty(result.AllErrors);
                command = Assert.IsType<CmdletInfo>(Assert.Single(result.Output).BaseObject);
                _commands[name] = command;
            }
            return command;
        }

        public IReadOnlyList<string> ExportedCmdlets() =>
            PowerShell.Run("(Get-Module RescaleSsh).ExportedCmdlets.Keys").Output.Select(o => o.BaseObject.ToString()).ToList();

        public void Dispose() => PowerShell.Dispose();
    }

    /// <summary>
    /// The spec's "Output and help": every exported cmdlet has full help (synopsis, description, every
    /// parameter, at least two examples that work as written) and about_RescaleSsh exists. Data-driven over
    /// the module's exported cmdlets, so a cmdlet added later is held to the same standard without
    /// touching this file.
    /// </summary>
    public class HelpTests : IClassFixture<HelpSession>
    {
        private readonly HelpSession _session;

        public HelpTests(HelpSession session) => _session = session;

        private static readonly Lazy<List<string>> Exported = new Lazy<List<string>>(() =>
        {
            using var session = new HelpSession();
            return session.ExportedCmdlets().OrderBy(n => n, StringComparer.Ordinal).ToList();
        });

        public static IEnumerable<object[]> ExportedCmdlets() => Exported.Value.Select(n => new object[] { n });

        private static readonly HashSet<string> CommonParameters = new HashSet<string>(
            Cmdlet.CommonParameters.Append("UseTransaction"), StringComparer.OrdinalIgnoreCase);

        [Theory]
        [MemberData(nameof(ExportedCmdlets))]
        public void Each_cmdlet_has_MAML_help_with_a_synopsis_and_a_description(string name)
        {
            var help = _session.Help(name);
            // Without a MAML entry Get-Help makes up a stub whose synopsis is the syntax line.
            Assert.Contains("MamlCommandHelpInfo", help.TypeNames);
            string synopsis = Text(help, "Synopsis");
            Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{name}: empty synopsis");
            Assert.DoesNotContain(name, synopsis);
            Assert.EndsWith(".", synopsis.Trim());

            string description = string.Join("\n", Items(Prop(help, "description")).Select(p => Text(p, "Text")));
            Assert.False(string.IsNullOrWhiteSpace(description), $"{name}: empty description");
            Assert.True(description.Length > synopsis.Length, $"{name}: the description says no more than the synopsis");
        }

        [Theory]
        [MemberData(nameof(ExportedCmdlets))]
        public void Each_cmdlet_has_at_least_two_examples_that_parse_and_use_it(string name)
        {
            var examples = Examples(name);
            Assert.True(examples.Count >= 2, $"{name} has {examples.Count} example(s); the spec asks for at least two");
            foreach (var (title, code, remarks) in examples)
            {
                Assert.False(string.IsNullOrWhiteSpace(title), $"{name}: an example without a title");
                Assert.False(string.IsNullOrWhiteSpace(remarks), $"{name}: example '{title}' explains nothing");
                Parser.ParseInput(code, out _, out ParseError[] errors);
                Assert.True(errors.Length == 0, $"{name}: example '{title}' does not parse: {string.Join("; ", errors.Select(e => e.Message))}\n{code}");
                Assert.Contains(name, code, StringComparison.OrdinalIgnoreCase);
            }
        }

        [Theory]
        [MemberData(nameof(ExportedCmdlets))]
        public void Examples_use_only_parameters_that_the_cmdlets_have(string name)
        {
            var exported = new HashSet<string>(_session.ExportedCmdlets(), StringComparer.OrdinalIgnoreCase);
            foreach (var (title, code, _) in Examples(name))
            {
                var ast = Parser.ParseInput(code, out _, out _);
                foreach (CommandAst command in ast.FindAll(a => a is CommandAst, true))
                {
                    string commandName = command.GetCommandName();
                    // Cmdlets of this module that are not built yet (the spec's other cmdlets) are checked once they are.
                    if (commandName == null || !exported.Contains(commandName)) continue;
                    var accepted = Accepted(_session.Command(commandName));
                    foreach (var parameter in command.CommandElements.OfType<CommandParameterAst>())
                    {
                        Assert.True(accepted.Contains(parameter.ParameterName),
                            $"{name}: example '{title}' passes -{parameter.ParameterName}, which {commandName} does not have");
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(ExportedCmdlets))]
        public void Help_documents_every_parameter_the_cmdlet_declares_and_no_other(string name)
        {
            var declared = _session.Command(name).Parameters.Keys
                .Where(p => !CommonParameters.Contains(p)).OrderBy(p => p, StringComparer.OrdinalIgnoreCase).ToList();
            var documented = HelpParameters(name).Select(p => Text(p, "name"))
                .OrderBy(p => p, StringComparer.OrdinalIgnoreCase).ToList();
            Assert.Equal(declared, documented, StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in HelpParameters(name))
            {
                string description = string.Join("\n", Items(Prop(parameter, "description")).Select(p => Text(p, "Text")));
                Assert.False(string.IsNullOrWhiteSpace(description), $"{name}: -{Text(parameter, "name")} has no description");
            }
        }

        [Theory]
        [MemberData(nameof(ExportedCmdlets))]
        public void Help_lists_the_aliases_each_parameter_has(string name)
        {
            var command = _session.Command(name);
            foreach (var parameter in HelpParameters(name))
            {
                string parameterName = Text(parameter, "name");
                var declared = command.Parameters[parameterName].Aliases.OrderBy(a => a, StringComparer.OrdinalIgnoreCase);
                string text = Text(parameter, "aliases");
                var documented = (string.IsNullOrWhiteSpace(text) || text.Trim() == "none" ? Array.Empty<string>() : text.Split(','))
                    .Select(a => a.Trim()).OrderBy(a => a, StringComparer.OrdinalIgnoreCase);
                Assert.True(declared.SequenceEqual(documented, StringComparer.OrdinalIgnoreCase),
                    $"{name} -{parameterName}: aliases are [{string.Join(", ", declared)}], help says [{text}]");
            }
        }

        [Theory]
        [MemberData(nameof(ExportedCmdlets))]
        public void Help_has_a_syntax_item_per_parameter_set(string name)
        {
            var items = Items(Prop(Prop(_session.Help(name), "syntax"), "syntaxItem")).ToList();
            Assert.Equal(_session.Command(name).ParameterSets.Count, items.Count);
            Assert.All(items, item => Assert.Equal(name, Text(item, "name")));
        }

        [Theory]
        [MemberData(nameof(ExportedCmdlets))]
        public void Help_names_every_type_the_cmdlet_outputs(string name)
        {
            var documented = Items(Prop(Prop(_session.Help(name), "returnValues"), "returnValue"))
                .Select(r => Text(Prop(r, "type"), "name")).ToList();
            Assert.NotEmpty(documented);
            foreach (var type in _session.Command(name).OutputType)
            {
                Assert.Contains(type.Name, documented);
            }
        }

        [Fact]
        public void The_merged_help_file_is_well_formed_with_one_entry_per_fragment()
        {
            var merged = XDocument.Load(Path.Combine(ModuleUnderTest.ModuleFolder, "en-US", "RescaleSsh.dll-Help.xml"));
            XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
            var names = merged.Root.Elements(command + "command")
                .Select(c => c.Element(command + "details").Element(command + "name").Value.Trim()).ToList();
            var fragments = Directory.GetFiles(Path.Combine(ModuleUnderTest.RepoRoot, "src", "RescaleSsh", "en-US", "commands"), "*.xml")
                .Select(Path.GetFileNameWithoutExtension).ToList();
            Assert.Equal(fragments.OrderBy(n => n, StringComparer.Ordinal), names.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Fact]
        public void The_about_topic_is_found_by_Get_Help_and_names_every_cmdlet()
        {
            var result = _session.PowerShell.Run("Get-Help about_RescaleSsh");
            Assert.Empty(result.AllErrors);
            string text = string.Join("\n", result.Output.Select(o => o.BaseObject.ToString()));
            Assert.Contains("about_RescaleSsh", text);
            foreach (string section in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION", "SEE ALSO" })
            {
                Assert.Contains(section, text);
            }
            foreach (string name in _session.ExportedCmdlets())
            {
                Assert.Contains(name, text);
            }
            // The spec's cmdlets that other parts of the module bring: the walkthrough uses them all.
            foreach (string name in new[] { "New-RescaleKeyPair", "Get-RescaleKey", "Convert-RescaleKey", "Add-RescaleAuthorizedKey",
                                            "Get-RescaleAuthorizedKey", "Remove-RescaleAuthorizedKey", "Copy-RescaleItem" })
            {
                Assert.Contains(name, text);
            }
        }

        [Fact]
        public void The_about_topic_fits_in_80_columns()
        {
            var lines = File.ReadAllLines(Path.Combine(ModuleUnderTest.ModuleFolder, "en-US", "about_RescaleSsh.help.txt"));
            var tooLong = lines.Select((line, i) => (Number: i + 1, line.Length)).Where(l => l.Length > 80).ToList();
            Assert.True(tooLong.Count == 0, "Lines over 80 characters: " + string.Join(", ", tooLong.Select(l => $"{l.Number} ({l.Length})")));
            Assert.DoesNotContain(lines, line => line.Contains('\t'));
        }

        // ---------------------------------------------------------------- reading Get-Help's objects

        private List<(string Title, string Code, string Remarks)> Examples(string name) =>
            Items(Prop(Prop(_session.Help(name), "examples"), "example"))
                .Select(e => (Text(e, "title"), Text(e, "code"),
                              string.Join("\n", Items(Prop(e, "remarks")).Select(r => Text(r, "Text")))))
                .ToList();

        private List<PSObject> HelpParameters(string name) =>
            Items(Prop(Prop(_session.Help(name), "parameters"), "parameter")).ToList();

        /// <summary>Every name and alias a cmdlet accepts, common parameters included.</summary>
        private static HashSet<string> Accepted(CmdletInfo command)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in command.Parameters.Values)
            {
                names.Add(parameter.Name);
                foreach (string alias in parameter.Aliases) names.Add(alias);
            }
            return names;
        }

        private static object Prop(object value, string name)
        {
            var ps = value as PSObject ?? (value == null ? null : PSObject.AsPSObject(value));
            return ps?.Properties[name]?.Value;
        }

        private static string Text(object value, string name) => Prop(value, name)?.ToString() ?? "";

        /// <summary>Get-Help gives one object where there is one and an array where there are several.</summary>
        private static IEnumerable<PSObject> Items(object value)
        {
            object unwrapped = value is PSObject ps ? ps.BaseObject : value;
            switch (unwrapped)
            {
                case null:
                    return Enumerable.Empty<PSObject>();
                case string _:
                    return new[] { PSObject.AsPSObject(value) };
                case IEnumerable many:
                    return many.Cast<object>().Where(o => o != null).Select(PSObject.AsPSObject).ToList();
                default:
                    return new[] { PSObject.AsPSObject(value) };
            }
        }
    }
}
