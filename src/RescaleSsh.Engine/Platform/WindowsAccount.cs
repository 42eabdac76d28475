using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace RescaleSsh.Platform
{
    /// <summary>
    /// The two Windows facts Pageant's pipe name depends on: the user name as PuTTY's get_username() finds it
    /// (GetUserNameEx(NameUserPrincipal) up to '@', else GetUserName) and CryptProtectMemory with
    /// CRYPTPROTECTMEMORY_CROSS_PROCESS. Windows only; callers check the OS first.
    /// </summary>
    internal static class WindowsAccount
    {
        private const int NameUserPrincipal = 8;
        private const uint CryptProtectMemoryCrossProcess = 1;

        internal static string PuttyUserName()
        {
            var buffer = new StringBuilder(512);
            uint size = (uint)buffer.Capacity;
            if (GetUserNameExW(NameUserPrincipal, buffer, ref size))
            {
                string principal = buffer.ToString();
                int at = principal.IndexOf('@');
                return at >= 0 ? principal.Substring(0, at) : principal;
            }
            buffer = new StringBuilder(257);
            size = (uint)buffer.Capacity;
            if (GetUserNameW(buffer, ref size)) return buffer.ToString();
            throw new Win32Exception(Marshal.GetLastWin32Error());
        }

        /// <summary>The buffer encrypted in place by CryptProtectMemory, or null when that fails (PuTTY then hashes the plain bytes).</summary>
        internal static byte[] ProtectMemoryCrossProcess(byte[] data)
        {
            var copy = (byte[])data.Clone();
            var handle = GCHandle.Alloc(copy, GCHandleType.Pinned);
            try
            {
                return CryptProtectMemory(handle.AddrOfPinnedObject(), (uint)copy.Length, CryptProtectMemoryCrossProcess) ? copy : null;
            }
            finally
            {
                handle.Free();
            }
        }

        [DllImport("secur32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.U1)]
        private static extern bool GetUserNameExW(int nameFormat, StringBuilder nameBuffer, ref uint size);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool GetUserNameW(StringBuilder buffer, ref uint size);

        [DllImport("crypt32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CryptProtectMemory(IntPtr data, uint dataLength, uint flags);
    }
}
