using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace RescaleSsh.Engine.Tests
{
    /// <summary>
    /// The README's error table is the user's reference for every id: it must name each id the code raises, with the
    /// category the code gives it, and nothing the code no longer raises; each cmdlet's help may only name ids in it.
    /// </summary>
    public class ErrorIdTableTests
    {
        private static readonly Regex LiteralIdWithCategory = new Regex(
            @"""(?<id>[A-Z]\w+)"",\s*(?:\w+\s*\?\s*)?(?:Failure|Error)Category\.(?<c1>\w+)(?:\s*:\s*FailureCategory\.(?<c2>\w+))?");
        private static readonly Regex ConstantId = new Regex(@"const string (?<name>\w+Id) = ""(?<id>\w+)""");
        private static readonly Regex ConstantIdWithCategory = new Regex(@"new RescaleSshException\((?<name>[A-Z]\w*Id), FailureCategory\.(?<c1>\w+)");
        private static readonly Regex TableRow = new Regex(@"^\| `(?<id>\w+)` \| (?<categories>[A-Za-z, ]+) \|", RegexOptions.Multiline);

        [Fact]
        public void The_README_table_names_every_id_the_code_raises_with_its_categories()
        {
            var code = IdsInCode();
            var table = IdsInReadme();
            Assert.True(code.Count > 60, $"the scan found only {code.Count} ids; has the way errors are raised changed?");
            Assert.Empty(code.Keys.Except(table.Keys).OrderBy(id => id, StringComparer.Ordinal));
            var wrongCategory = code.Where(pair => !pair.Value.SetEquals(table[pair.Key]))
                .Select(pair => $"{pair.Key}: code {string.Join(", ", pair.Value.OrderBy(c => c))}, README {string.Join(", ", table[pair.Key].OrderBy(c => c))}");
            Assert.Empty(wrongCategory);
        }

        [Fact]
        public void Every_id_in_the_README_table_is_still_raised_somewhere()
        {
            var sources = string.Join("\n", AllSources().Select(File.ReadAllText));
            var gone = IdsInReadme().Keys.Where(id => !sources.Contains("\"" + id + "\"", StringComparison.Ordinal)).ToList();
            Assert.Empty(gone);
        }

        [Fact]
        public void Cmdlet_help_names_only_ids_in_the_README_table_and_every_cmdlet_lists_some()
        {
            var table = IdsInReadme();
            var helpFiles = Directory.GetFiles(Path.Combine(SourceTree.Src, "RescaleSsh", "en-US", "commands"), "*.xml");
            Assert.NotEmpty(helpFiles);
            var unknown = new List<string>();
            var silent = new List<string>();
            foreach (var file in helpFiles)
            {
                var named = IdsInHelp(File.ReadAllText(file));
                if (named.Count == 0) silent.Add(Path.GetFileName(file));
                unknown.AddRange(named.Where(id => !table.ContainsKey(id)).Select(id => $"{Path.GetFileName(file)}: {id}"));
            }
            Assert.Empty(unknown);
            Assert.Empty(silent);
        }

        [Fact]
        public void The_scan_reads_ids_from_each_way_the_code_writes_them()
        {
            Assert.Equal("HostKeyChanged", LiteralIdWithCategory.Match("new RescaleSshException(\"HostKeyChanged\", FailureCategory.SecurityError,").Groups["id"].Value);
            var ternary = LiteralIdWithCategory.Match("(\"SftpError\", writing ? FailureCategory.WriteError : FailureCategory.ReadError,");
            Assert.Equal(new[] { "WriteError", "ReadError" }, new[] { ternary.Groups["c1"].Value, ternary.Groups["c2"].Value });
            Assert.Equal(new[] { "NoPath", "PathAndLiteralPath" },
                IdsInHelp("<maml:para>Error ids: NoPath (nothing named. Really), PathAndLiteralPath, plus the connection errors. A Sentence, Then</maml:para>").OrderBy(i => i, StringComparer.Ordinal));
            Assert.Equal(new[] { "SessionNotFound" }, IdsInHelp("<maml:para>SessionNotFound,RescaleSsh.Commands.GetRescaleSessionCommand (ObjectNotFound): ...</maml:para>"));
        }

        private static Dictionary<string, HashSet<string>> IdsInCode()
        {
            var ids = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var texts = AllSources().Select(File.ReadAllText).ToList();
            var constants = texts.SelectMany(t => ConstantId.Matches(t)).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["id"].Value);
            foreach (var text in texts)
            {
                foreach (Match m in LiteralIdWithCategory.Matches(text)) Add(ids, m.Groups["id"].Value, m.Groups["c1"].Value, m.Groups["c2"].Value);
                foreach (Match m in ConstantIdWithCategory.Matches(text)) Add(ids, constants[m.Groups["name"].Value], m.Groups["c1"].Value, "");
            }
            return ids;
        }

        private static void Add(Dictionary<string, HashSet<string>> ids, string id, params string[] categories)
        {
            if (!ids.TryGetValue(id, out var set)) ids[id] = set = new HashSet<string>(StringComparer.Ordinal);
            set.UnionWith(categories.Where(c => c.Length > 0));
        }

        private static Dictionary<string, HashSet<string>> IdsInReadme()
        {
            var readme = File.ReadAllText(Path.Combine(SourceTree.Root, "README.md"));
            int start = readme.IndexOf("\n## Errors", StringComparison.Ordinal);
            Assert.True(start >= 0, "README has no '## Errors' section");
            int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            var section = readme.Substring(start, (end < 0 ? readme.Length : end) - start);
            return TableRow.Matches(section).ToDictionary(
                m => m.Groups["id"].Value,
                m => new HashSet<string>(m.Groups["categories"].Value.Split(',').Select(c => c.Trim()), StringComparer.Ordinal));
        }

        private static HashSet<string> IdsInHelp(string help)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match list in Regex.Matches(help, @"Error ids: (?<list>[^<]*)"))
            {
                var withoutNotes = Regex.Replace(list.Groups["list"].Value, @"\([^)]*\)", "");
                int end = withoutNotes.IndexOf(". ", StringComparison.Ordinal);
                if (end >= 0) withoutNotes = withoutNotes.Substring(0, end);
                foreach (Match id in Regex.Matches(withoutNotes, @"(?:^|,|\band\b)\s*(?<id>[A-Z][a-z]\w+)")) ids.Add(id.Groups["id"].Value);
            }
            foreach (Match m in Regex.Matches(help, @"\b(?<id>[A-Z]\w+),RescaleSsh\.Commands\.")) ids.Add(m.Groups["id"].Value);
            return ids;
        }

        private static IEnumerable<string> AllSources() =>
            SourceTree.SourceFiles("RescaleSsh.Engine").Concat(SourceTree.SourceFiles("RescaleSsh"));
    }
}
