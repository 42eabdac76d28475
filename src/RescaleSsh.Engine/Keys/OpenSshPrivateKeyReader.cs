using System;
using System.Text;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Reads openssh-key-v1 private key files (OpenSSH PROTOCOL.key), unencrypted or encrypted with
    /// bcrypt_pbkdf and aes128/192/256 in CTR or CBC mode. The public key is in clear, so without a passphrase
    /// an encrypted file still yields its public key. A wrong passphrase shows as unequal check integers.
    /// </summary>
    internal static class OpenSshPrivateKeyReader
    {
        /// <summary>bcrypt_pbkdf rounds accepted from a file and written by -KdfRounds (<see cref="KdfLimits"/> says why).</summary>
        internal const int MaxRounds = KdfLimits.MaxBcryptRounds;

        internal static bool Recognises(string text) => text.IndexOf(OpenSshPrivateKeyWriter.BeginLine, StringComparison.Ordinal) >= 0;

        internal static KeyFile Read(string text, byte[] passphrase, string path)
        {
            byte[] binary = Armor.Decode(text, OpenSshPrivateKeyWriter.BeginLine, OpenSshPrivateKeyWriter.EndLine);
            try
            {
                var r = new SshDataReader(binary);
                byte[] magic = r.ReadRaw(OpenSshPrivateKeyWriter.Magic.Length + 1);
                if (Encoding.ASCII.GetString(magic, 0, magic.Length - 1) != OpenSshPrivateKeyWriter.Magic || magic[magic.Length - 1] != 0)
                    throw new MalformedDataException("missing openssh-key-v1 header");
                string cipher = Encoding.ASCII.GetString(r.ReadString());
                string kdf = Encoding.ASCII.GetString(r.ReadString());
                byte[] kdfOptions = r.ReadString();
                uint count = r.ReadUInt32();
                if (count != 1) throw new MalformedDataException("the file must hold exactly one key");
                SshKey publicKey = SshKey.FromPublicBlob(r.ReadString());
                byte[] section = r.ReadString();
                if (r.Remaining != 0) throw new MalformedDataException("extra bytes after the private section");

                int keyLength, blockSize;
                bool ctr;
                switch (cipher)
                {
                    case "none": keyLength = 0; blockSize = 8; ctr = false; break;
                    case "aes128-ctr": keyLength = 16; blockSize = 16; ctr = true; break;
                    case "aes192-ctr": keyLength = 24; blockSize = 16; ctr = true; break;
                    case "aes256-ctr": keyLength = 32; blockSize = 16; ctr = true; break;
                    case "aes128-cbc": keyLength = 16; blockSize = 16; ctr = false; break;
                    case "aes192-cbc": keyLength = 24; blockSize = 16; ctr = false; break;
                    case "aes256-cbc": keyLength = 32; blockSize = 16; ctr = false; break;
                    default: throw new MalformedDataException("the cipher is not supported (use ssh-keygen -p to re-encrypt with aes256-ctr)");
                }
                bool encrypted = keyLength > 0;
                if (encrypted != (kdf == "bcrypt") || (!encrypted && kdf != "none"))
                    throw new MalformedDataException("the key derivation does not fit the cipher");
                if (section.Length % blockSize != 0) throw new MalformedDataException("the private section is not a whole number of blocks");

                if (encrypted && (passphrase == null || passphrase.Length == 0))
                {
                    // The passphrase is not needed for the public half.
                    return new KeyFile(publicKey, KeyFileKind.OpenSsh, encrypted: true);
                }

                byte[] plain;
                if (encrypted)
                {
                    var options = new SshDataReader(kdfOptions);
                    byte[] salt = options.ReadString();
                    uint rounds = options.ReadUInt32();
                    if (options.Remaining != 0 || salt.Length == 0 || salt.Length > 1024) throw new MalformedDataException("malformed bcrypt options");
                    if (rounds < 1) throw new MalformedDataException("bcrypt rounds must be at least 1");
                    KdfLimits.CheckBcrypt(path, rounds);
                    byte[] derived = BcryptPbkdf.DeriveKey(passphrase, salt, (int)rounds, keyLength + 16);
                    byte[] aesKey = new byte[keyLength], iv = new byte[16];
                    Buffer.BlockCopy(derived, 0, aesKey, 0, keyLength);
                    Buffer.BlockCopy(derived, keyLength, iv, 0, 16);
                    plain = ctr ? AesModes.Ctr(aesKey, iv, section) : AesModes.CbcDecrypt(aesKey, iv, section);
                    Bytes.Clear(derived, aesKey, iv);
                }
                else
                {
                    plain = section;
                }

                try
                {
                    var p = new SshDataReader(plain);
                    uint check1 = p.ReadUInt32(), check2 = p.ReadUInt32();
                    if (check1 != check2)
                    {
                        if (encrypted) throw KeyErrors.PassphraseIncorrect(path);
                        throw new MalformedDataException("the check integers differ");
                    }
                    SshKey key = PrivateKeyFields.Read(p);
                    key.Comment = p.ReadText();
                    for (byte expected = 1; p.Remaining > 0; expected++)
                    {
                        if (p.ReadByte() != expected) throw new MalformedDataException("bad padding");
                    }
                    if (!key.SamePublicKey(publicKey)) throw new MalformedDataException("the private key does not match the public key");
                    KeyMath.CheckConsistent(key);
                    return new KeyFile(key, KeyFileKind.OpenSsh, encrypted);
                }
                finally
                {
                    Bytes.Clear(plain);
                }
            }
            finally
            {
                Bytes.Clear(binary);
            }
        }
    }
}
