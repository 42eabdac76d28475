using System;
using System.Security.Cryptography;
using System.Text;
using RescaleSsh.Platform;
using RescaleSsh.Wire;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// The named pipe Pageant 0.75+ listens on, derived as PuTTY does (windows/utils/agent_named_pipe_name.c and
    /// capi_obfuscate_string in windows/utils/cryptoapi.c): <c>\\.\pipe\pageant.USER.HASH</c>, where USER is the
    /// user principal name up to '@' (else the logon name) and HASH is the lower-case hex SHA-256 of an SSH string
    /// (uint32 length, then bytes) holding "Pageant", its NUL and zero padding to 16 bytes (the
    /// CRYPTPROTECTMEMORY_BLOCK_SIZE), after CryptProtectMemory(CROSS_PROCESS) has encrypted it in place with the
    /// user's key; when CryptProtectMemory is unavailable PuTTY hashes the plain padded bytes.
    /// </summary>
    public static class PageantPipeName
    {
        internal const int ProtectBlockSize = 16;
        private const string Realm = "Pageant";

        /// <param name="userName">The user name PuTTY's get_username() returns.</param>
        /// <param name="protect">CryptProtectMemory(CROSS_PROCESS) on the padded buffer (same length out), or null to hash it unprotected.</param>
        public static string Derive(string userName, Func<byte[], byte[]> protect)
        {
            if (string.IsNullOrEmpty(userName)) throw new ArgumentException("The user name is empty.", nameof(userName));
            return @"\\.\pipe\pageant." + userName + "." + ObfuscatedSuffix(protect);
        }

        /// <summary>The pipe name for the user running this process (Windows only).</summary>
        public static string ForCurrentUser() => Derive(WindowsAccount.PuttyUserName(), WindowsAccount.ProtectMemoryCrossProcess);

        internal static byte[] PaddedRealm()
        {
            byte[] text = Encoding.ASCII.GetBytes(Realm);
            int length = (text.Length + 1 + ProtectBlockSize - 1) / ProtectBlockSize * ProtectBlockSize;
            var padded = new byte[length];
            Buffer.BlockCopy(text, 0, padded, 0, text.Length);
            return padded;
        }

        private static string ObfuscatedSuffix(Func<byte[], byte[]> protect)
        {
            byte[] data = PaddedRealm();
            if (protect != null)
            {
                byte[] protectedData = protect(data);
                if (protectedData != null && protectedData.Length == data.Length) data = protectedData;
            }
            var message = new SshDataWriter();
            message.WriteString(data);
            using (var sha = SHA256.Create())
            {
                return Bytes.ToHex(sha.ComputeHash(message.ToArray()));
            }
        }
    }
}
