using System;
using System.Text;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Writes the openssh-key-v1 private key file that ssh-keygen writes by default (OpenSSH PROTOCOL.key):
    /// "openssh-key-v1\0", cipher, kdf, kdf options, one public key, and the private section (two equal check
    /// integers, the key, its comment, padding 1 2 3 … to the cipher block size), base64 in 70-column lines
    /// between BEGIN/END OPENSSH PRIVATE KEY. With a passphrase: aes256-ctr keyed by bcrypt_pbkdf
    /// (16-byte salt, <c>rounds</c>), as ssh-keygen does.
    /// </summary>
    internal static class OpenSshPrivateKeyWriter
    {
        internal const string Magic = "openssh-key-v1";
        internal const string BeginLine = "-----BEGIN OPENSSH PRIVATE KEY-----";
        internal const string EndLine = "-----END OPENSSH PRIVATE KEY-----";
        internal const int DefaultRounds = 16;

        /// <summary>The file's bytes (ASCII). <paramref name="passphrase"/> null or empty writes an unencrypted key.</summary>
        internal static byte[] Write(SshKey key, byte[] passphrase, int rounds = DefaultRounds)
        {
            bool encrypt = passphrase != null && passphrase.Length > 0;
            int blockSize = encrypt ? 16 : 8;

            var priv = new SshDataWriter();
            byte[] check = KeyGenerator.RandomBytes(4);
            priv.WriteRaw(check);
            priv.WriteRaw(check);
            PrivateKeyFields.Write(priv, key);
            priv.WriteString(PublicKeyLine.SingleLine(key.Comment));
            for (byte pad = 1; priv.Length % blockSize != 0; pad++) priv.WriteByte(pad);
            byte[] plain = priv.ToArrayAndClear();

            var file = new SshDataWriter();
            file.WriteRaw(Encoding.ASCII.GetBytes(Magic));
            file.WriteByte(0);
            byte[] body;
            if (encrypt)
            {
                byte[] salt = KeyGenerator.RandomBytes(16);
                file.WriteString("aes256-ctr");
                file.WriteString("bcrypt");
                var options = new SshDataWriter();
                options.WriteString(salt);
                options.WriteUInt32((uint)rounds);
                file.WriteString(options.ToArray());
                byte[] derived = BcryptPbkdf.DeriveKey(passphrase, salt, rounds, 48);
                byte[] aesKey = new byte[32], iv = new byte[16];
                Buffer.BlockCopy(derived, 0, aesKey, 0, 32);
                Buffer.BlockCopy(derived, 32, iv, 0, 16);
                body = AesModes.Ctr(aesKey, iv, plain);
                Bytes.Clear(derived, aesKey, iv);
            }
            else
            {
                file.WriteString("none");
                file.WriteString("none");
                file.WriteString(Array.Empty<byte>());
                body = (byte[])plain.Clone();
            }
            Bytes.Clear(plain);
            file.WriteUInt32(1);
            file.WriteString(key.PublicBlob());
            file.WriteString(body);
            Bytes.Clear(body);

            byte[] binary = file.ToArrayAndClear();
            string base64 = Convert.ToBase64String(binary);
            Bytes.Clear(binary);
            var text = new StringBuilder();
            text.Append(BeginLine).Append('\n');
            for (int i = 0; i < base64.Length; i += 70) text.Append(base64, i, Math.Min(70, base64.Length - i)).Append('\n');
            Passphrase.Wipe(base64);
            text.Append(EndLine).Append('\n');
            return TextBytes(text);
        }

        /// <summary>ASCII bytes of the text; the builder's characters are overwritten before it is dropped.</summary>
        internal static byte[] TextBytes(StringBuilder text)
        {
            var chars = new char[text.Length];
            text.CopyTo(0, chars, 0, chars.Length);
            for (int i = 0; i < text.Length; i++) text[i] = '\0';
            byte[] bytes = Encoding.UTF8.GetBytes(chars);
            Array.Clear(chars, 0, chars.Length);
            return bytes;
        }
    }
}
