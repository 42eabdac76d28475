using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using RescaleSsh.Keys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>
    /// Property tests: mutated key files (bit flips, overwritten, inserted and deleted bytes, truncation — on the file
    /// and, for armored files, on the decoded binary) reach every reader, with and without the right passphrase.
    /// The only outcomes allowed are a key or a RescaleSshException with a known id, each within a few seconds.
    /// </summary>
    public class KeyFileFuzzTests : IClassFixture<KeyFileSeeds>
    {
        private static readonly HashSet<string> AllowedIds = new HashSet<string>
        {
            "KeyFileInvalid", "KeyPassphraseIncorrect", "KeyPassphraseRequired", "KeyTypeNotSupported",
            // A mutation of the KDF options (bcrypt rounds, Argon2 memory) asking more work than the reader allows: refused before deriving.
            "KeyKdfTooExpensive",
        };

        private readonly KeyFileSeeds _seeds;

        public KeyFileFuzzTests(KeyFileSeeds seeds)
        {
            _seeds = seeds;
        }

        [Fact]
        public void Every_seed_file_reads_cleanly()
        {
            foreach (var (name, content) in _seeds.Files)
            {
                var file = KeyFileReader.Parse(content, Encoding.UTF8.GetBytes(KeyKit.Pass), name);
                Assert.NotNull(file.Key);
            }
        }

        private sealed record Mutation(int Kind, int Position, int Length, byte Value);

        private sealed record Case(int Seed, bool Decoded, bool WithPassphrase, Mutation[] Mutations)
        {
            public override string ToString() => $"seed {Seed}, decoded {Decoded}, passphrase {WithPassphrase}, [{string.Join("; ", Mutations.Select(m => m.ToString()))}]";
        }

        private Arbitrary<Case> Cases()
        {
            var mutation =
                from kind in Gen.Choose(0, 5)
                from position in Gen.Choose(0, int.MaxValue - 1)
                from length in Gen.Choose(1, 64)
                from value in Gen.Choose(0, 255)
                select new Mutation(kind, position, length, (byte)value);
            var gen =
                from seed in Gen.Choose(0, _seeds.Files.Count - 1)
                from decoded in Gen.Elements(true, false)
                from withPassphrase in Gen.Elements(true, false)
                from count in Gen.Choose(1, 4)
                from mutations in Gen.ArrayOf(mutation, count)
                select new Case(seed, decoded, withPassphrase, mutations);
            return gen.ToArbitrary();
        }

        [Fact]
        public void Mutated_key_files_only_ever_produce_a_key_or_a_clean_error()
        {
            int keys = 0, errors = 0;
            var property = Prop.ForAll(Cases(), c =>
            {
                byte[] content = Mutate(_seeds.Files[c.Seed].Content, c);
                var clock = Stopwatch.StartNew();
                try
                {
                    var file = KeyFileReader.Parse(content, c.WithPassphrase ? Encoding.UTF8.GetBytes(KeyKit.Pass) : Array.Empty<byte>(), "fuzzed");
                    Assert.NotNull(file.Key);
                    Assert.NotNull(file.Key.PublicBlob());
                    keys++;
                }
                catch (RescaleSshException ex)
                {
                    Assert.Contains(ex.ErrorId, AllowedIds);
                    Assert.DoesNotContain(KeyKit.Pass, ex.Message);
                    errors++;
                }
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "a reader took " + clock.Elapsed + " for " + c);
            });
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);
            // Both outcomes occur: some mutations (in comments, padding, base64 line breaks) leave a readable key.
            Assert.Equal(1000, keys + errors);
            Assert.True(errors > 750, $"{errors} errors");
        }

        [Fact]
        public void Mutated_files_through_Get_RescaleKey_give_error_records_not_crashes()
        {
            using var folder = new TempFolder();
            using var ps = new PowerShellSession();
            var random = new Random(20261125);
            for (int i = 0; i < 40; i++)
            {
                var seed = _seeds.Files[i % _seeds.Files.Count].Content;
                var c = new Case(i % _seeds.Files.Count, i % 2 == 0, true,
                    new[] { new Mutation(random.Next(6), random.Next(), random.Next(1, 32), (byte)random.Next(256)) });
                string path = folder.Combine("fuzzed-" + i);
                File.WriteAllBytes(path, Mutate(seed, c));
                var result = ps.Run($"Get-RescaleKey -Path '{path}' -Passphrase $pass", ("pass", KeyKit.Secure(KeyKit.Pass)));
                Assert.Null(result.Terminating);
                Assert.Equal(1, result.Output.Count + result.Errors.Count);
                foreach (var error in result.Errors) Assert.Contains(error.FullyQualifiedErrorId.Split(',')[0], AllowedIds);
            }
        }

        private static byte[] Mutate(byte[] original, Case c)
        {
            string text = Encoding.ASCII.GetString(original);
            const string begin = "-----BEGIN OPENSSH PRIVATE KEY-----", end = "-----END OPENSSH PRIVATE KEY-----";
            if (c.Decoded && text.StartsWith(begin, StringComparison.Ordinal))
            {
                int stop = text.IndexOf(end, StringComparison.Ordinal);
                byte[] binary = Convert.FromBase64String(text.Substring(begin.Length, stop - begin.Length).Replace("\n", ""));
                byte[] mutated = Apply(binary, c.Mutations);
                return Encoding.ASCII.GetBytes(begin + "\n" + Convert.ToBase64String(mutated, Base64FormattingOptions.InsertLineBreaks) + "\n" + end + "\n");
            }
            return Apply(original, c.Mutations);
        }

        private static byte[] Apply(byte[] data, Mutation[] mutations)
        {
            var bytes = new List<byte>(data);
            foreach (var m in mutations)
            {
                if (bytes.Count == 0) break;
                int at = m.Position % bytes.Count;
                switch (m.Kind)
                {
                    case 0: bytes[at] ^= (byte)(1 << (m.Value % 8)); break;                          // flip one bit
                    case 1: bytes[at] = m.Value; break;                                              // overwrite a byte
                    case 2: bytes.Insert(at, m.Value); break;                                        // insert a byte
                    case 3: bytes.RemoveRange(at, Math.Min(m.Length, bytes.Count - at)); break;       // delete a run
                    case 4: bytes.RemoveRange(at, bytes.Count - at); break;                          // truncate
                    default:                                                                          // overwrite a run
                        for (int i = at; i < Math.Min(bytes.Count, at + m.Length); i++) bytes[i] = (byte)(m.Value + i);
                        break;
                }
            }
            return bytes.ToArray();
        }
    }
}
