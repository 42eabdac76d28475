using System;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// AES in the modes the key files use: CTR (openssh-key-v1's default aes256-ctr, RFC 4344's 128-bit big-endian
    /// counter: BouncyCastle's SicBlockCipher over AesEngine, since netstandard2.0 has no CTR mode) and CBC without
    /// padding (aes*-cbc and PPK's aes256-cbc, the BCL's). Data lengths are whole blocks.
    /// </summary>
    internal static class AesModes
    {
        internal static byte[] Ctr(byte[] key, byte[] iv, byte[] data)
        {
            var ctr = new BufferedBlockCipher(new SicBlockCipher(new AesEngine()));
            ctr.Init(forEncryption: true, new ParametersWithIV(new KeyParameter(key), iv));
            var output = new byte[data.Length];
            int written = ctr.ProcessBytes(data, 0, data.Length, output, 0);
            ctr.DoFinal(output, written);
            return output;
        }

        internal static byte[] CbcEncrypt(byte[] key, byte[] iv, byte[] data) => Cbc(key, iv, data, encrypt: true);

        internal static byte[] CbcDecrypt(byte[] key, byte[] iv, byte[] data) => Cbc(key, iv, data, encrypt: false);

        private static byte[] Cbc(byte[] key, byte[] iv, byte[] data, bool encrypt)
        {
            if (data.Length % 16 != 0) throw new MalformedDataException("encrypted data is not a whole number of blocks");
            using (var aes = Aes.Create())
            {
                aes.Mode = CipherMode.CBC;
                aes.Padding = PaddingMode.None;
                aes.Key = key;
                aes.IV = iv;
                using (var transform = encrypt ? aes.CreateEncryptor() : aes.CreateDecryptor())
                {
                    var output = new byte[data.Length];
                    if (data.Length > 0) transform.TransformBlock(data, 0, data.Length, output, 0);
                    return output;
                }
            }
        }
    }
}
