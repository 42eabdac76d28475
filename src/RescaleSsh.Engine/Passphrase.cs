using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace RescaleSsh
{
    /// <summary>
    /// Turns a SecureString passphrase into the UTF-8 bytes a KDF needs, keeping plain copies short-lived:
    /// every intermediate buffer is zeroed, and callers zero the returned bytes (Clear) when done.
    /// </summary>
    internal static class Passphrase
    {
        internal static bool IsEmpty(SecureString value) => value == null || value.Length == 0;

        internal static byte[] ToUtf8(SecureString value)
        {
            if (value == null) return Array.Empty<byte>();
            IntPtr unmanaged = IntPtr.Zero;
            char[] chars = new char[value.Length];
            try
            {
                unmanaged = Marshal.SecureStringToGlobalAllocUnicode(value);
                Marshal.Copy(unmanaged, chars, 0, chars.Length);
                return Encoding.UTF8.GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                if (unmanaged != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
            }
        }

        /// <summary>Overwrites a string that held secret text (a decoded key file) in place, so it does not linger until GC.</summary>
        internal static unsafe void Wipe(string value)
        {
            if (string.IsNullOrEmpty(value)) return;
            fixed (char* p = value)
            {
                for (int i = 0; i < value.Length; i++) p[i] = '\0';
            }
        }

        internal static void Clear(byte[] bytes)
        {
            if (bytes != null) Array.Clear(bytes, 0, bytes.Length);
        }
    }
}
