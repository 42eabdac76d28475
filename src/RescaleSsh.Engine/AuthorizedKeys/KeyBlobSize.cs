using System;

namespace RescaleSsh.AuthorizedKeys
{
    /// <summary>
    /// The size in bits that <c>ssh-keygen -l</c> prints, read from a public key blob (RFC 4253 section 6.6,
    /// RFC 5656 for ECDSA, RFC 8709 for Ed25519, PROTOCOL.certkeys for certificates, PROTOCOL.u2f for sk- keys).
    /// </summary>
    internal static class KeyBlobSize
    {
        public static int Of(string algorithm, byte[] blob)
        {
            try
            {
                var reader = new Wire.SshDataReader(blob);
                reader.ReadString();
                bool certificate = algorithm.EndsWith("-cert-v01@openssh.com", StringComparison.Ordinal);
                if (certificate) reader.ReadString(); // nonce
                string plain = certificate ? algorithm.Substring(0, algorithm.Length - "-cert-v01@openssh.com".Length) : algorithm;
                if (plain.EndsWith("@openssh.com", StringComparison.Ordinal)) plain = plain.Substring(0, plain.Length - "@openssh.com".Length);
                switch (plain)
                {
                    case "ssh-rsa":
                        reader.ReadString(); // e
                        return BitLength(reader.ReadString());
                    case "ssh-dss":
                        return BitLength(reader.ReadString()); // p
                    case "ssh-ed25519":
                    case "sk-ssh-ed25519":
                        return 256;
                    case "ssh-ed448":
                        return 456;
                }
                if (plain.StartsWith("ecdsa-sha2-nistp", StringComparison.Ordinal) || plain.StartsWith("sk-ecdsa-sha2-nistp", StringComparison.Ordinal))
                {
                    string curve = plain.Substring(plain.LastIndexOf('p') + 1);
                    return int.TryParse(curve, out int bits) ? bits : 0;
                }
                return 0;
            }
            catch (Wire.MalformedDataException)
            {
                return 0;
            }
        }

        /// <summary>Bits of an mpint (RFC 4251 section 5): leading zero bytes and bits do not count.</summary>
        private static int BitLength(byte[] mpint)
        {
            int i = 0;
            while (i < mpint.Length && mpint[i] == 0) i++;
            if (i == mpint.Length) return 0;
            int bits = (mpint.Length - i - 1) * 8;
            for (int top = mpint[i]; top != 0; top >>= 1) bits++;
            return bits;
        }
    }
}
