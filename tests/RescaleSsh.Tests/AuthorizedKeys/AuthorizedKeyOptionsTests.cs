using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>
    /// Options given with -PublicKey (restrict, command=, from=, environment=) show on the result and in -Verbose. A key
    /// already present with other options is never silently taken as "done": it stays as it is with a warning naming both,
    /// and -Force gives its lines the options given. sshd itself shows which options are in force.
    /// </summary>
    public class AuthorizedKeyOptionsTests : System.IDisposable
    {
        private const string Restriction = "restrict,command=\"echo restricted\"";
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();

        private ScriptResult Add(string line, string extra = "") =>
            _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKey $k -Verbose {extra}", ("k", line));

        [Fact]
        public void Options_given_with_the_key_are_on_the_result_and_in_the_verbose_narration()
        {
            string key = _bed.NewKey("ci@build");
            string line = "from=\"127.0.0.1\",environment=\"A=1\"," + Restriction + " " + AuthorizedKeysTestBed.PublicLine(key);

            var result = Add(line);

            Assert.Empty(result.AllErrors);
            Assert.Equal("Added", result.Prop(0, "Status").ToString());
            Assert.Equal("from=\"127.0.0.1\",environment=\"A=1\"," + Restriction, result.Prop(0, "Options"));
            Assert.Contains(result.Verbose, v => v.Contains("adding") && v.Contains("from=\"127.0.0.1\"") && v.Contains("ci@build"));
            Assert.EndsWith("\n" + line + "\n", _bed.ReadText());
            Assert.Equal("restricted", _bed.Server.Ssh(key, _bed.KnownHosts, "echo full shell").StdOut.Trim());
        }

        [Fact]
        public void A_restricted_key_whose_blob_is_present_unrestricted_is_left_with_a_warning_naming_the_difference()
        {
            string key = _bed.NewKey("deploy@ci");
            _bed.Server.AuthorizeKey(AuthorizedKeysTestBed.PublicLine(key));
            byte[] before = _bed.ReadBytes();

            var result = Add(Restriction + " " + AuthorizedKeysTestBed.PublicLine(key));

            Assert.Empty(result.AllErrors);
            Assert.Equal("AlreadyPresent", result.Prop(0, "Status").ToString());
            Assert.Equal("", result.Prop(0, "Options"));
            var warning = Assert.Single(result.Warnings);
            Assert.Contains("with no options (unrestricted)", warning);
            Assert.Contains("the key given has options 'restrict,command=\"echo restricted\"'", warning);
            Assert.Contains("-Force", warning);
            Assert.Equal(before, _bed.ReadBytes());
            Assert.Equal("full shell", _bed.Server.Ssh(key, _bed.KnownHosts, "echo full shell").StdOut.Trim());
        }

        [Fact]
        public void Force_gives_every_line_of_the_key_the_options_given_and_keeps_every_other_byte()
        {
            string key = _bed.NewKey("deploy@ci");
            string[] parts = AuthorizedKeysTestBed.PublicLine(key).Split(' ');
            _bed.Server.AuthorizeKey($"{parts[0]} {parts[1]} first copy");
            string other = AuthorizedKeysTestBed.PublicLine(_bed.NewKey("bystander"));
            _bed.Server.AuthorizeKey(other);
            _bed.Server.AuthorizeKey($"no-pty {parts[0]} {parts[1]} second copy");
            string before = _bed.ReadText();

            var whatIf = Add(Restriction + " " + AuthorizedKeysTestBed.PublicLine(key), "-Force -WhatIf");
            Assert.Equal("WouldReplaceOptions", whatIf.Prop(0, "Status").ToString());
            Assert.Equal(before, _bed.ReadText());

            var result = Add(Restriction + " " + AuthorizedKeysTestBed.PublicLine(key), "-Force");

            Assert.Empty(result.AllErrors);
            Assert.Empty(result.Warnings);
            Assert.Equal("OptionsReplaced", result.Prop(0, "Status").ToString());
            Assert.Equal(Restriction, result.Prop(0, "Options"));
            Assert.Contains(result.Verbose, v => v.Contains("on 2 line(s)"));
            string expected = before
                .Replace($"\n{parts[0]} {parts[1]} first copy\n", $"\n{Restriction} {parts[0]} {parts[1]} first copy\n")
                .Replace($"\nno-pty {parts[0]} {parts[1]} second copy\n", $"\n{Restriction} {parts[0]} {parts[1]} second copy\n");
            Assert.NotEqual(before, expected);
            Assert.Equal(expected, _bed.ReadText());
            Assert.Equal("restricted", _bed.Server.Ssh(key, _bed.KnownHosts, "echo full shell").StdOut.Trim());
        }

        [Fact]
        public void An_unrestricted_key_given_for_a_restricted_line_is_a_warning_too_and_Force_lifts_the_restriction()
        {
            string key = _bed.NewKey("ops");
            _bed.Server.AuthorizeKey(Restriction + " " + AuthorizedKeysTestBed.PublicLine(key));

            var plain = Add(AuthorizedKeysTestBed.PublicLine(key));
            Assert.Equal("AlreadyPresent", plain.Prop(0, "Status").ToString());
            Assert.Equal(Restriction, plain.Prop(0, "Options"));
            Assert.Contains("the key given has no options (unrestricted)", Assert.Single(plain.Warnings));

            var forced = Add(AuthorizedKeysTestBed.PublicLine(key), "-Force");
            Assert.Equal("OptionsReplaced", forced.Prop(0, "Status").ToString());
            Assert.Equal("", forced.Prop(0, "Options"));
            Assert.Equal("full shell", _bed.Server.Ssh(key, _bed.KnownHosts, "echo full shell").StdOut.Trim());
        }

        [Fact]
        public void The_same_options_are_simply_AlreadyPresent_without_a_warning()
        {
            string key = _bed.NewKey("same");
            _bed.Server.AuthorizeKey(Restriction + " " + AuthorizedKeysTestBed.PublicLine(key));

            var result = Add(Restriction + " " + AuthorizedKeysTestBed.PublicLine(key), "-Force");

            Assert.Equal("AlreadyPresent", result.Prop(0, "Status").ToString());
            Assert.Empty(result.Warnings);
            Assert.Contains(result.Verbose, v => v.Contains("with the same options; nothing to add"));
        }

        public void Dispose()
        {
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
