using System;
using System.Linq;
using RescaleSsh.Agents;
using Xunit;

namespace RescaleSsh.Engine.Tests.Agents
{
    /// <summary>How a key blob from an agent is described: type, size, fingerprint, public line; certificates and unknown types.</summary>
    public class AgentIdentityTests
    {
        private static byte[] Blob(params byte[][] strings) => strings.SelectMany(AgentMessages.String).ToArray();

        private static byte[] Text(string s) => System.Text.Encoding.ASCII.GetBytes(s);

        [Fact]
        public void An_Ed25519_certificate_is_named_as_a_certificate_and_signs_with_ssh_ed25519()
        {
            var identity = AgentIdentity.FromBlob(Blob(Text("ssh-ed25519-cert-v01@openssh.com"), new byte[32], new byte[32], new byte[8]), "cert");
            Assert.Equal(("Ed25519-CERT", 256, true), (identity.Algorithm, identity.KeySize, identity.IsCertificate));
            Assert.Equal("ssh-ed25519", AgentClient.SignatureAlgorithm(identity, AgentSigningOptions.None));
        }

        [Fact]
        public void An_RSA_certificate_signs_with_the_SHA2_certificate_algorithm_names()
        {
            var identity = AgentIdentity.FromBlob(Blob(Text("ssh-rsa-cert-v01@openssh.com"), new byte[32], new byte[] { 1, 0, 1 }, new byte[] { 0, 0x80, 0, 0 }), "rsacert");
            Assert.True(identity.IsRsa);
            Assert.Equal(("RSA-CERT", 24), (identity.Algorithm, identity.KeySize));
            Assert.Equal("rsa-sha2-512", AgentClient.SignatureAlgorithm(identity, AgentSigningOptions.RsaSha2512));
        }

        [Fact]
        public void An_unknown_key_type_is_kept_with_its_name_and_no_size()
        {
            var identity = AgentIdentity.FromBlob(Blob(Text("ssh-future@example.com"), new byte[] { 9, 9 }), "future");
            Assert.Equal(("ssh-future@example.com", 0), (identity.Algorithm, identity.KeySize));
            Assert.StartsWith("ssh-future@example.com AAAA", identity.PublicKeyLine);
            Assert.EndsWith(" future", identity.PublicKeyLine);
        }

        [Fact]
        public void An_ECDSA_blob_whose_curve_contradicts_its_type_is_malformed()
        {
            Assert.Throws<RescaleSsh.Wire.MalformedDataException>(() => AgentIdentity.FromBlob(Blob(Text("ecdsa-sha2-nistp256"), Text("nistp384"), new byte[97]), "bad"));
        }

        [Fact]
        public void A_key_without_comment_has_a_two_field_public_line()
        {
            var identity = AgentIdentity.FromBlob(AgentMessages.Ed25519Blob(), "");
            Assert.Equal(2, identity.PublicKeyLine.Split(' ').Length);
            Assert.StartsWith("SHA256:", identity.Fingerprint);
            Assert.DoesNotContain("=", identity.Fingerprint);
        }
    }
}
