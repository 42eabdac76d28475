using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Keys
{
    /// <summary>Valid key files of every format, made once by the module and the reference tools, as seeds for mutation.</summary>
    public sealed class KeyFileSeeds : IDisposable
    {
        private readonly TempFolder _folder = new TempFolder();

        public IReadOnlyList<(string Name, byte[] Content)> Files { get; }

        public KeyFileSeeds()
        {
            RescaleSsh.Loading.DependencyLoader.Install(); // the readers reach BouncyCastle through the module's loader
            using var ps = new PowerShellSession();
            string ours = _folder.Combine("ours");
            Check(ps.Run(KeyKit.NewKeyScript(ours, "ECDSA", 384, false, "-Format Both")));
            string oursEncrypted = _folder.Combine("ours-enc");
            // One bcrypt round keeps each decryption attempt cheap; the format is the same.
            Check(ps.Run(KeyKit.NewKeyScript(oursEncrypted, "Ed25519", null, true, "-Format Both -KdfRounds 1"), ("pass", KeyKit.Secure(KeyKit.Pass))));
            string rsa = _folder.Combine("rsa");
            Check(ps.Run(KeyKit.NewKeyScript(rsa, "RSA", 2048, false, "-Format Both")));
            string pem = _folder.Combine("pem");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", pem).EnsureSuccess("ssh-keygen");
            string pemEncrypted = _folder.Combine("pem-enc");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ecdsa", "-m", "PEM", "-N", KeyKit.Pass, "-f", pemEncrypted).EnsureSuccess("ssh-keygen");
            string pkcs8 = _folder.Combine("pkcs8");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ecdsa", "-m", "PKCS8", "-N", "", "-f", pkcs8).EnsureSuccess("ssh-keygen");
            string pkcs8Encrypted = _folder.Combine("pkcs8-enc");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PKCS8", "-N", KeyKit.Pass, "-f", pkcs8Encrypted).EnsureSuccess("ssh-keygen");
            string v2 = _folder.Combine("v2.ppk");
            ExternalTool.Run("puttygen", "-t", "ed25519", "-o", v2, "--new-passphrase", KeyKit.PassFile(_folder), "--ppk-param", "version=2").EnsureSuccess("puttygen");
            string v2Plain = _folder.Combine("v2-plain.ppk");
            ExternalTool.Run("puttygen", "-t", "ecdsa", "-b", "256", "-o", v2Plain, "--new-passphrase", KeyKit.PassFile(_folder, ""), "--ppk-param", "version=2").EnsureSuccess("puttygen");
            string rfc4716 = _folder.Combine("rfc4716.pub");
            ExternalTool.Run("puttygen", rsa, "-O", "public", "-o", rfc4716).EnsureSuccess("puttygen -O public");
            Files = new[]
            {
                ("openssh-ecdsa", ours), ("ppk3-ecdsa", ours + ".ppk"), ("pub-ecdsa", ours + ".pub"),
                ("openssh-ed25519-encrypted", oursEncrypted), ("ppk3-ed25519-encrypted", oursEncrypted + ".ppk"),
                ("openssh-rsa", rsa), ("ppk3-rsa", rsa + ".ppk"),
                ("pem-rsa", pem), ("pem-ecdsa-encrypted", pemEncrypted), ("pkcs8-ecdsa", pkcs8), ("pkcs8-rsa-encrypted", pkcs8Encrypted),
                ("ppk2-ed25519-encrypted", v2), ("ppk2-ecdsa", v2Plain), ("rfc4716-rsa", rfc4716),
            }.Select(f => (f.Item1, File.ReadAllBytes(f.Item2))).ToList();
        }

        private static void Check(ScriptResult result)
        {
            if (result.AllErrors.Any()) throw new InvalidOperationException(result.ToString());
        }

        public void Dispose() => _folder.Dispose();
    }
}
