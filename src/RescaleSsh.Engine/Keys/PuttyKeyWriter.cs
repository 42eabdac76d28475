using System;
using System.Security.Cryptography;
using System.Text;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Writes PuTTY private key files, format version 3 (PuTTY manual, appendix C, "PPK file format"), as
    /// PuTTYgen 0.75+ does: header lines, public blob, optional Argon2id parameters, private blob, and an
    /// HMAC-SHA-256 over algorithm, encryption, comment, public blob and (padded) private blob. With a passphrase
    /// the private blob is padded with random bytes to whole AES blocks and encrypted with aes256-cbc; key, IV
    /// and MAC key are the 80 bytes Argon2id derives from the passphrase. Unencrypted files MAC with an empty key.
    /// </summary>
    internal static class PuttyKeyWriter
    {
        /// <summary>What PuTTYgen writes on a typical machine (it calibrates passes to about a tenth of a second).</summary>
        internal const int ArgonMemoryKiB = 8192;
        internal const int ArgonPasses = 21;
        internal const int ArgonParallelism = 1;

        internal static byte[] Write(SshKey key, byte[] passphrase)
        {
            bool encrypt = passphrase != null && passphrase.Length > 0;
            string encryption = encrypt ? "aes256-cbc" : "none";
            string comment = PublicKeyLine.SingleLine(key.Comment);
            byte[] publicBlob = key.PublicBlob();
            byte[] privatePlain = PuttyPrivateBlob.Write(key);
            if (encrypt && privatePlain.Length % 16 != 0)
            {
                byte[] padding = KeyGenerator.RandomBytes(16 - privatePlain.Length % 16);
                byte[] padded = Bytes.Concat(privatePlain, padding);
                Bytes.Clear(privatePlain);
                privatePlain = padded;
            }

            byte[] salt = null, cipherKey = null, iv = null, macKey = Array.Empty<byte>(), derived = null;
            if (encrypt)
            {
                salt = KeyGenerator.RandomBytes(16);
                derived = KeyMath.Argon2("Argon2id", passphrase, salt, ArgonMemoryKiB, ArgonPasses, ArgonParallelism, 80);
                cipherKey = new byte[32];
                iv = new byte[16];
                macKey = new byte[32];
                Buffer.BlockCopy(derived, 0, cipherKey, 0, 32);
                Buffer.BlockCopy(derived, 32, iv, 0, 16);
                Buffer.BlockCopy(derived, 48, macKey, 0, 32);
            }
            try
            {
                byte[] mac = PuttyMac.Compute(3, macKey, key.TypeName, encryption, comment, publicBlob, privatePlain);
                byte[] privateStored = encrypt ? AesModes.CbcEncrypt(cipherKey, iv, privatePlain) : (byte[])privatePlain.Clone();

                var text = new StringBuilder();
                text.Append("PuTTY-User-Key-File-3: ").Append(key.TypeName).Append('\n');
                text.Append("Encryption: ").Append(encryption).Append('\n');
                text.Append("Comment: ").Append(comment).Append('\n');
                AppendLines(text, "Public-Lines", publicBlob);
                if (encrypt)
                {
                    text.Append("Key-Derivation: Argon2id\n");
                    text.Append("Argon2-Memory: ").Append(ArgonMemoryKiB).Append('\n');
                    text.Append("Argon2-Passes: ").Append(ArgonPasses).Append('\n');
                    text.Append("Argon2-Parallelism: ").Append(ArgonParallelism).Append('\n');
                    text.Append("Argon2-Salt: ").Append(Bytes.ToHex(salt)).Append('\n');
                }
                AppendLines(text, "Private-Lines", privateStored);
                text.Append("Private-MAC: ").Append(Bytes.ToHex(mac)).Append('\n');
                Bytes.Clear(privateStored);
                return OpenSshPrivateKeyWriter.TextBytes(text);
            }
            finally
            {
                Bytes.Clear(privatePlain, derived, cipherKey, iv, macKey);
            }
        }

        private static void AppendLines(StringBuilder text, string header, byte[] data)
        {
            string base64 = Convert.ToBase64String(data);
            int lines = (base64.Length + 63) / 64;
            text.Append(header).Append(": ").Append(lines).Append('\n');
            for (int i = 0; i < base64.Length; i += 64) text.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
            Passphrase.Wipe(base64);
        }
    }
}
