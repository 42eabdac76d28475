using System;
using System.Text.RegularExpressions;
using RescaleSsh.Platform;
using Xunit;

namespace RescaleSsh.Engine.Tests.Platform
{
    /// <summary>The security descriptor private key files get on Windows (built here, applied by CreateFileW there).</summary>
    public class WindowsOwnerOnlyAclTests
    {
        private const string Sid = "S-1-5-21-1004336348-1177238915-682003330-1001";

        [Fact]
        public void The_descriptor_is_owned_by_the_user_and_grants_full_control_to_that_user_alone_with_inheritance_removed()
        {
            string sddl = WindowsOwnerOnlyAcl.BuildSddl(Sid);
            Assert.Equal("O:" + Sid + "D:P(A;;FA;;;" + Sid + ")", sddl);

            var match = Regex.Match(sddl, @"^O:(?<owner>[^D]+)D:(?<flags>[A-Z]*)(?<aces>(\([^)]*\))+)$");
            Assert.True(match.Success);
            Assert.Equal(Sid, match.Groups["owner"].Value);
            Assert.Equal("P", match.Groups["flags"].Value); // protected: no ACE inherited from the folder
            var aces = Regex.Matches(match.Groups["aces"].Value, @"\(([^)]*)\)");
            Assert.Single(aces);
            var fields = aces[0].Groups[1].Value.Split(';');
            Assert.Equal(new[] { "A", "", "FA", "", "", Sid }, fields); // allow, no inheritance flags, FILE_ALL_ACCESS, the user
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("BA")]
        [InlineData("S-1-5-21-1)(A;;FA;;;WD")]
        [InlineData("S-1")]
        public void Anything_but_a_SID_is_refused_so_nothing_can_be_injected_into_the_descriptor(string sid)
        {
            Assert.Throws<ArgumentException>(() => WindowsOwnerOnlyAcl.BuildSddl(sid));
        }
    }
}
