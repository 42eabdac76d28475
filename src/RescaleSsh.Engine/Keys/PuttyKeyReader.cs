using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Reads PuTTY private key files, versions 2 and 3 (PuTTY manual, appendix C). v3 keys its aes256-cbc
    /// cipher, IV and HMAC-SHA-256 key with Argon2 (id, i or d); v2 uses SHA-1 of the passphrase with a zero
    /// IV and HMAC-SHA-1 keyed by SHA-1("putty-private-key-file-mac-key" + passphrase). The MAC is checked
    /// before the key is trusted: a mismatch is a wrong passphrase (encrypted) or a damaged file (unencrypted).
    /// CRLF, CR and LF line ends are accepted, as PuTTY does.
    /// </summary>
    internal static class PuttyKeyReader
    {
        private const int MaxLines = 2048;

        internal static bool Recognises(string text) => text.TrimStart('\uFEFF').StartsWith("PuTTY-User-Key-File-", StringComparison.Ordinal);

        internal static KeyFile Read(string text, byte[] passphrase, string path)
        {
            var lines = new Lines(text.TrimStart('\uFEFF'));
            string first = lines.Next();
            int colon = first.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) throw new MalformedDataException("bad first line");
            string head = first.Substring(0, colon);
            int version = head == "PuTTY-User-Key-File-3" ? 3 : head == "PuTTY-User-Key-File-2" ? 2 : 0;
            if (version == 0) throw new MalformedDataException("only PPK versions 2 and 3 are supported");
            string algorithm = first.Substring(colon + 2);
            string encryption = lines.Value("Encryption");
            if (encryption != "none" && encryption != "aes256-cbc") throw new MalformedDataException("unknown encryption");
            string comment = lines.Value("Comment");
            byte[] publicBlob = lines.Base64Block("Public-Lines");
            SshKey publicKey = SshKey.FromPublicBlob(publicBlob);
            if (publicKey.TypeName != algorithm) throw new MalformedDataException("the algorithm line does not match the public key");
            publicKey.Comment = comment;
            bool encrypted = encryption != "none";

            string kdf = null;
            long memory = 0, passes = 0, parallelism = 0;
            byte[] salt = null;
            if (version == 3 && encrypted)
            {
                kdf = lines.Value("Key-Derivation");
                if (kdf != "Argon2id" && kdf != "Argon2i" && kdf != "Argon2d") throw new MalformedDataException("unknown key derivation");
                // PuTTY stores these as uint32; the cost limits are checked below, before any derivation.
                memory = lines.Number("Argon2-Memory", 8, uint.MaxValue);
                passes = lines.Number("Argon2-Passes", 1, uint.MaxValue);
                parallelism = lines.Number("Argon2-Parallelism", 1, uint.MaxValue);
                salt = Bytes.FromHex(lines.Value("Argon2-Salt"));
                if (salt.Length < 8 || salt.Length > 1024) throw new MalformedDataException("bad Argon2 salt");
                if (memory < 8 * parallelism) throw new MalformedDataException("Argon2 memory too small for its parallelism");
            }
            byte[] privateStored = lines.Base64Block("Private-Lines");
            byte[] mac = Bytes.FromHex(lines.Value("Private-MAC"));
            lines.ExpectEnd();

            if (encrypted && (passphrase == null || passphrase.Length == 0))
            {
                return new KeyFile(publicKey, KeyFileKind.Putty, encrypted: true);
            }
            if (encrypted && privateStored.Length % 16 != 0) throw new MalformedDataException("the private data is not a whole number of blocks");
            if (version == 3 && encrypted) KdfLimits.CheckArgon2(path, memory, passes, parallelism);

            byte[] cipherKey = null, iv = null, macKey, privatePlain = null, derived = null;
            try
            {
                if (version == 3)
                {
                    if (encrypted)
                    {
                        derived = KeyMath.Argon2(kdf, passphrase, salt, (int)memory, (int)passes, (int)parallelism, 80);
                        cipherKey = Slice(derived, 0, 32);
                        iv = Slice(derived, 32, 16);
                        macKey = Slice(derived, 48, 32);
                    }
                    else
                    {
                        macKey = Array.Empty<byte>();
                    }
                }
                else
                {
                    byte[] pass = encrypted ? passphrase : Array.Empty<byte>();
#pragma warning disable CA5350 // PPK v2 derives its key with SHA-1 by definition (PuTTY's format); reading only
                    using (var sha1 = SHA1.Create())
#pragma warning restore CA5350
                    {
                        if (encrypted)
                        {
                            byte[] h0 = sha1.ComputeHash(Bytes.Concat(new byte[] { 0, 0, 0, 0 }, pass));
                            byte[] h1 = sha1.ComputeHash(Bytes.Concat(new byte[] { 0, 0, 0, 1 }, pass));
                            derived = Bytes.Concat(h0, h1);
                            cipherKey = Slice(derived, 0, 32);
                            iv = new byte[16];
                            Bytes.Clear(h0, h1);
                        }
                        byte[] macInput = Bytes.Concat(Encoding.ASCII.GetBytes("putty-private-key-file-mac-key"), pass);
                        macKey = sha1.ComputeHash(macInput);
                        Bytes.Clear(macInput);
                    }
                }

                privatePlain = encrypted ? AesModes.CbcDecrypt(cipherKey, iv, privateStored) : privateStored;
                byte[] expected = PuttyMac.Compute(version, macKey, algorithm, encryption, comment, publicBlob, privatePlain);
                bool macOk = Bytes.Equal(expected, mac);
                Bytes.Clear(macKey);
                if (!macOk)
                {
                    if (encrypted) throw KeyErrors.PassphraseIncorrect(path);
                    throw new MalformedDataException("the Private-MAC does not match (the file was changed or damaged)");
                }
                SshKey key = PuttyPrivateBlob.Read(publicKey, privatePlain);
                KeyMath.CheckConsistent(key);
                return new KeyFile(key, KeyFileKind.Putty, encrypted);
            }
            finally
            {
                Bytes.Clear(privatePlain, derived, cipherKey, iv);
            }
        }

        private static byte[] Slice(byte[] data, int offset, int count)
        {
            var result = new byte[count];
            Buffer.BlockCopy(data, offset, result, 0, count);
            return result;
        }

        /// <summary>The file's lines in order, with the "Name: value" and "Name-Lines: n" shapes PPK uses.</summary>
        private sealed class Lines
        {
            private readonly string[] _lines;
            private int _index;

            internal Lines(string text)
            {
                _lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            }

            internal string Next()
            {
                if (_index >= _lines.Length) throw new MalformedDataException("the file ends too early");
                return _lines[_index++];
            }

            internal string Value(string name)
            {
                string line = Next();
                string prefix = name + ": ";
                if (!line.StartsWith(prefix, StringComparison.Ordinal)) throw new MalformedDataException($"'{name}' line expected");
                return line.Substring(prefix.Length);
            }

            internal long Number(string name, long min, long max)
            {
                string value = Value(name);
                if (value.Length > 10 || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < min || n > max)
                    throw new MalformedDataException($"'{name}' must be a number from {min} to {max}");
                return n;
            }

            internal byte[] Base64Block(string name)
            {
                int count = (int)Number(name, 0, MaxLines);
                var text = new StringBuilder();
                for (int i = 0; i < count; i++) text.Append(Next().Trim());
                try
                {
                    return Convert.FromBase64String(text.ToString());
                }
                catch (FormatException)
                {
                    throw new MalformedDataException($"the {name} data is not base64");
                }
            }

            internal void ExpectEnd()
            {
                for (; _index < _lines.Length; _index++)
                {
                    if (_lines[_index].Trim().Length != 0) throw new MalformedDataException("unexpected text after Private-MAC");
                }
            }
        }
    }
}
