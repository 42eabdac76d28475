using System;
using System.Numerics;
using System.Security.Cryptography;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// bcrypt_pbkdf, the KDF OpenSSH uses for encrypted openssh-key-v1 files (PROTOCOL.key; OpenBSD's
    /// bcrypt_pbkdf.c by Ted Unangst): PBKDF2-like, with SHA-512 collapsing password and salt, a bcrypt-style
    /// expensive Blowfish key schedule as the round function, and output bytes spread across the blocks.
    /// Neither the BCL nor BouncyCastle nor SSH.NET (internal only) offers it, so it is written here and
    /// proven against ssh-keygen in the tests. Blowfish (Schneier, 1993) starts from the hexadecimal digits
    /// of pi after the "3."; they are computed once (Machin's formula) rather than pasted as a table.
    /// </summary>
    internal static class BcryptPbkdf
    {
        private const int HashWords = 8;
        private const int HashSize = HashWords * 4;
        private static readonly byte[] MagicText = System.Text.Encoding.ASCII.GetBytes("OxychromaticBlowfishSwatDynamite");
        private static readonly Lazy<uint[]> PiWords = new Lazy<uint[]>(ComputePiWords);

        /// <summary>The initial Blowfish state: P-array (18 words) then S-boxes (4 × 256 words).</summary>
        internal static uint[] InitialState => PiWords.Value;

        internal static byte[] DeriveKey(byte[] password, byte[] salt, int rounds, int keyLength)
        {
            if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds));
            if (password == null || salt == null || salt.Length == 0 || keyLength < 1 || keyLength > HashSize * HashSize)
                throw new ArgumentException("bcrypt_pbkdf: invalid arguments");

            var key = new byte[keyLength];
            int stride = (keyLength + HashSize - 1) / HashSize;
            int amount = (keyLength + stride - 1) / stride;
            var countSalt = new byte[salt.Length + 4];
            Buffer.BlockCopy(salt, 0, countSalt, 0, salt.Length);
            var output = new byte[HashSize];
            var temp = new byte[HashSize];
            var state = new Blowfish();
            byte[] sha2pass;
            using (var sha = SHA512.Create())
            {
                sha2pass = sha.ComputeHash(password);
                int remaining = keyLength;
                try
                {
                    for (uint count = 1; remaining > 0; count++)
                    {
                        countSalt[salt.Length] = (byte)(count >> 24);
                        countSalt[salt.Length + 1] = (byte)(count >> 16);
                        countSalt[salt.Length + 2] = (byte)(count >> 8);
                        countSalt[salt.Length + 3] = (byte)count;
                        byte[] sha2salt = sha.ComputeHash(countSalt);
                        Hash(state, sha2pass, sha2salt, temp);
                        Buffer.BlockCopy(temp, 0, output, 0, HashSize);
                        for (int round = 1; round < rounds; round++)
                        {
                            Array.Clear(sha2salt, 0, sha2salt.Length);
                            sha2salt = sha.ComputeHash(temp);
                            Hash(state, sha2pass, sha2salt, temp);
                            for (int j = 0; j < HashSize; j++) output[j] ^= temp[j];
                        }
                        Array.Clear(sha2salt, 0, sha2salt.Length);

                        int take = Math.Min(amount, remaining);
                        int i;
                        for (i = 0; i < take; i++)
                        {
                            int dest = i * stride + (int)(count - 1);
                            if (dest >= keyLength) break;
                            key[dest] = output[i];
                        }
                        remaining -= i;
                    }
                }
                finally
                {
                    Bytes.Clear(sha2pass, output, temp, countSalt);
                    state.Clear();
                }
            }
            return key;
        }

        /// <summary>bcrypt_hash: eksblowfish setup keyed by the hashed password and salt, then 64 encryptions of the magic text.</summary>
        private static void Hash(Blowfish state, byte[] sha2pass, byte[] sha2salt, byte[] output)
        {
            state.Initialise();
            state.ExpandState(sha2salt, sha2pass);
            for (int i = 0; i < 64; i++)
            {
                state.Expand0State(sha2salt);
                state.Expand0State(sha2pass);
            }
            var cdata = new uint[HashWords];
            int position = 0;
            for (int i = 0; i < HashWords; i++) cdata[i] = Blowfish.StreamToWord(MagicText, ref position);
            for (int i = 0; i < 64; i++)
            {
                for (int block = 0; block < HashWords; block += 2) state.Encipher(ref cdata[block], ref cdata[block + 1]);
            }
            for (int i = 0; i < HashWords; i++)
            {
                output[4 * i + 3] = (byte)(cdata[i] >> 24);
                output[4 * i + 2] = (byte)(cdata[i] >> 16);
                output[4 * i + 1] = (byte)(cdata[i] >> 8);
                output[4 * i] = (byte)cdata[i];
            }
            Array.Clear(cdata, 0, cdata.Length);
        }

        /// <summary>
        /// 1042 32-bit words of pi's fraction, most significant first: pi = 16·atan(1/5) − 4·atan(1/239),
        /// evaluated in fixed point with 64 guard bits.
        /// </summary>
        private static uint[] ComputePiWords()
        {
            const int words = 18 + 4 * 256;
            const int fractionBits = words * 32;
            const int guardBits = 64;
            BigInteger one = BigInteger.One << (fractionBits + guardBits);
            BigInteger pi = 16 * ArctanOfInverse(5, one) - 4 * ArctanOfInverse(239, one);
            BigInteger fraction = (pi >> guardBits) - (new BigInteger(3) << fractionBits);
            byte[] little = fraction.ToByteArray();
            var result = new uint[words];
            for (int w = 0; w < words; w++)
            {
                uint value = 0;
                for (int b = 0; b < 4; b++)
                {
                    int index = (words - 1 - w) * 4 + (3 - b);
                    value = (value << 8) | (index < little.Length ? little[index] : (byte)0);
                }
                result[w] = value;
            }
            return result;
        }

        private static BigInteger ArctanOfInverse(int x, BigInteger one)
        {
            BigInteger power = one / x;
            BigInteger sum = power;
            BigInteger xSquared = x * x;
            bool subtract = true;
            for (int n = 3; !power.IsZero; n += 2)
            {
                power /= xSquared;
                BigInteger term = power / n;
                sum = subtract ? sum - term : sum + term;
                subtract = !subtract;
            }
            return sum;
        }

        /// <summary>
        /// Blowfish with the eksblowfish key schedule operations bcrypt_pbkdf needs (OpenBSD blf.c names). The state
        /// is pinned for each whole expansion and enciphered through pointers: bcrypt_pbkdf runs about two million
        /// Blowfish encryptions for a 16-round key, and array bounds checks would cost a third of that time.
        /// </summary>
        private sealed unsafe class Blowfish
        {
            private readonly uint[] _p = new uint[18];
            private readonly uint[] _s = new uint[1024];

            internal void Initialise()
            {
                var init = PiWords.Value;
                Array.Copy(init, 0, _p, 0, 18);
                Array.Copy(init, 18, _s, 0, 1024);
            }

            internal void Clear()
            {
                Array.Clear(_p, 0, _p.Length);
                Array.Clear(_s, 0, _s.Length);
            }

            internal static uint StreamToWord(byte[] data, ref int position)
            {
                uint word = 0;
                for (int i = 0; i < 4; i++)
                {
                    if (position >= data.Length) position = 0;
                    word = (word << 8) | data[position++];
                }
                return word;
            }

            internal void ExpandState(byte[] data, byte[] key)
            {
                int j = 0;
                for (int i = 0; i < 18; i++) _p[i] ^= StreamToWord(key, ref j);
                j = 0;
                uint left = 0, right = 0;
                fixed (uint* s = _s, p = _p)
                {
                    for (int i = 0; i < 18; i += 2)
                    {
                        left ^= StreamToWord(data, ref j);
                        right ^= StreamToWord(data, ref j);
                        Encipher(s, p, ref left, ref right);
                        p[i] = left;
                        p[i + 1] = right;
                    }
                    for (int i = 0; i < 1024; i += 2)
                    {
                        left ^= StreamToWord(data, ref j);
                        right ^= StreamToWord(data, ref j);
                        Encipher(s, p, ref left, ref right);
                        s[i] = left;
                        s[i + 1] = right;
                    }
                }
            }

            internal void Expand0State(byte[] key)
            {
                int j = 0;
                for (int i = 0; i < 18; i++) _p[i] ^= StreamToWord(key, ref j);
                uint left = 0, right = 0;
                fixed (uint* s = _s, p = _p)
                {
                    for (int i = 0; i < 18; i += 2)
                    {
                        Encipher(s, p, ref left, ref right);
                        p[i] = left;
                        p[i + 1] = right;
                    }
                    for (int i = 0; i < 1024; i += 2)
                    {
                        Encipher(s, p, ref left, ref right);
                        s[i] = left;
                        s[i + 1] = right;
                    }
                }
            }

            internal void Encipher(ref uint xl, ref uint xr)
            {
                fixed (uint* s = _s, p = _p) Encipher(s, p, ref xl, ref xr);
            }

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            private static void Encipher(uint* s, uint* p, ref uint xl, ref uint xr)
            {
                uint* s0 = s, s1 = s + 256, s2 = s + 512, s3 = s + 768;
                uint l = xl ^ p[0], r = xr;
                // The 16 rounds, unrolled.
                r ^= (((s0[l >> 24] + s1[(byte)(l >> 16)]) ^ s2[(byte)(l >> 8)]) + s3[(byte)l]) ^ p[1];
                l ^= (((s0[r >> 24] + s1[(byte)(r >> 16)]) ^ s2[(byte)(r >> 8)]) + s3[(byte)r]) ^ p[2];
                r ^= (((s0[l >> 24] + s1[(byte)(l >> 16)]) ^ s2[(byte)(l >> 8)]) + s3[(byte)l]) ^ p[3];
                l ^= (((s0[r >> 24] + s1[(byte)(r >> 16)]) ^ s2[(byte)(r >> 8)]) + s3[(byte)r]) ^ p[4];
                r ^= (((s0[l >> 24] + s1[(byte)(l >> 16)]) ^ s2[(byte)(l >> 8)]) + s3[(byte)l]) ^ p[5];
                l ^= (((s0[r >> 24] + s1[(byte)(r >> 16)]) ^ s2[(byte)(r >> 8)]) + s3[(byte)r]) ^ p[6];
                r ^= (((s0[l >> 24] + s1[(byte)(l >> 16)]) ^ s2[(byte)(l >> 8)]) + s3[(byte)l]) ^ p[7];
                l ^= (((s0[r >> 24] + s1[(byte)(r >> 16)]) ^ s2[(byte)(r >> 8)]) + s3[(byte)r]) ^ p[8];
                r ^= (((s0[l >> 24] + s1[(byte)(l >> 16)]) ^ s2[(byte)(l >> 8)]) + s3[(byte)l]) ^ p[9];
                l ^= (((s0[r >> 24] + s1[(byte)(r >> 16)]) ^ s2[(byte)(r >> 8)]) + s3[(byte)r]) ^ p[10];
                r ^= (((s0[l >> 24] + s1[(byte)(l >> 16)]) ^ s2[(byte)(l >> 8)]) + s3[(byte)l]) ^ p[11];
                l ^= (((s0[r >> 24] + s1[(byte)(r >> 16)]) ^ s2[(byte)(r >> 8)]) + s3[(byte)r]) ^ p[12];
                r ^= (((s0[l >> 24] + s1[(byte)(l >> 16)]) ^ s2[(byte)(l >> 8)]) + s3[(byte)l]) ^ p[13];
                l ^= (((s0[r >> 24] + s1[(byte)(r >> 16)]) ^ s2[(byte)(r >> 8)]) + s3[(byte)r]) ^ p[14];
                r ^= (((s0[l >> 24] + s1[(byte)(l >> 16)]) ^ s2[(byte)(l >> 8)]) + s3[(byte)l]) ^ p[15];
                l ^= (((s0[r >> 24] + s1[(byte)(r >> 16)]) ^ s2[(byte)(r >> 8)]) + s3[(byte)r]) ^ p[16];
                xl = r ^ p[17];
                xr = l;
            }
        }
    }
}
