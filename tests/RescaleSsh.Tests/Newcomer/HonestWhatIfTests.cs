using System.IO;
using System.Linq;
using RescaleSsh.Tests.AuthorizedKeys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// Issue 9 item 7: -WhatIf describes what the run would really do (plan first, then ask), and an item declined at
    /// a -Confirm prompt outputs nothing. The host records the "What if:" lines and answers the prompts.
    /// </summary>
    public sealed class HonestWhatIfTests : System.IDisposable
    {
        private readonly HostedSession _ps = new HostedSession();
        private readonly TempFolder _folder = new TempFolder();

        [Fact]
        public void New_RescaleKeyPair_WhatIf_over_an_existing_key_fails_as_the_run_would_and_writes_nothing()
        {
            string path = _folder.Combine("rescale_ed25519");
            File.WriteAllText(path, "existing");

            var result = _ps.Run("New-RescaleKeyPair -Path $p -Algorithm Ed25519 -WhatIf", ("p", path));

            Assert.Empty(result.Output);
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("KeyFileExists,", error.FullyQualifiedErrorId);
            Assert.DoesNotContain("What if", _ps.Host.Written);
            Assert.Equal("existing", File.ReadAllText(path));
            Assert.Equal(new[] { "rescale_ed25519" }, Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
        }

        [Fact]
        public void New_RescaleKeyPair_WhatIf_says_which_files_it_would_replace_and_which_folder_it_would_create()
        {
            string existing = _folder.Combine("rescale_ed25519");
            File.WriteAllText(existing, "existing");
            string fresh = _folder.Combine("new", "id_ed25519");

            var result = _ps.Run("New-RescaleKeyPair -Path $a -Algorithm Ed25519 -Force -WhatIf; New-RescaleKeyPair -Path $b -Algorithm Ed25519 -WhatIf",
                ("a", existing), ("b", fresh));

            Assert.True(!result.AllErrors.Any(), result.ToString());
            string written = _ps.Host.Written;
            Assert.Contains("Create Ed25519 key pair, replacing rescale_ed25519", written);
            Assert.DoesNotContain("replacing rescale_ed25519.pub", written); // it does not exist
            Assert.Contains($"Create Ed25519 key pair, creating the folder '{Path.GetDirectoryName(fresh)}'", written);
            Assert.Equal("existing", File.ReadAllText(existing));
            Assert.False(Directory.Exists(Path.GetDirectoryName(fresh)));
        }

        [Fact]
        public void Answering_No_at_Remove_RescaleAuthorizedKey_prompt_outputs_nothing_and_changes_nothing()
        {
            using var bed = new AuthorizedKeysTestBed();
            string key = bed.NewKey("declined@pc");
            bed.Server.AuthorizeKey(AuthorizedKeysTestBed.PublicLine(key));
            byte[] before = bed.ReadBytes();
            _ps.Host.Answers.Enqueue("N");

            var result = _ps.Run($"Remove-RescaleAuthorizedKey {bed.Device()} -Fingerprint '{AuthorizedKeysTestBed.Fingerprint(key)}'");

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal(1, _ps.Host.Prompts);
            Assert.Empty(result.Output);
            Assert.Equal(before, bed.ReadBytes());
        }

        [Fact]
        public void Answering_Yes_removes_and_WhatIf_still_reports_WouldRemove()
        {
            using var bed = new AuthorizedKeysTestBed();
            string a = bed.NewKey("a@pc"), b = bed.NewKey("b@pc");
            bed.Server.AuthorizeKey(AuthorizedKeysTestBed.PublicLine(a));
            bed.Server.AuthorizeKey(AuthorizedKeysTestBed.PublicLine(b));
            _ps.Host.Answers.Enqueue("Y");

            var removed = _ps.Run($"Remove-RescaleAuthorizedKey {bed.Device()} -Comment 'a@pc'");
            var whatIf = _ps.Run($"Remove-RescaleAuthorizedKey {bed.Device()} -Comment 'b@pc' -WhatIf");

            Assert.True(!removed.AllErrors.Any() && !whatIf.AllErrors.Any(), removed + " / " + whatIf);
            Assert.Equal("Removed", removed.Prop(0, "Status").ToString());
            Assert.Equal("WouldRemove", whatIf.Prop(0, "Status").ToString());
            Assert.Contains("What if: Performing the operation \"Remove public key", _ps.Host.Written);
            Assert.Equal(bed.LoginPublicLine + "\n" + AuthorizedKeysTestBed.PublicLine(b) + "\n", bed.ReadText());
        }

        public void Dispose()
        {
            _ps.Dispose();
            _folder.Dispose();
        }
    }
}
