using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

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
            var buffer = new char[512];
            uint size = (uint)buffer.Length;
            if (GetUserNameExW(NameUserPrincipal, buffer, ref size))
            {
                string principal = new string(buffer, 0, (int)size);
                int at = principal.IndexOf('@');
                return at >= 0 ? principal.Substring(0, at) : principal;
            }
            buffer = new char[257];
            size = (uint)buffer.Length;
            // GetUserName's size counts the terminating NUL.
            if (GetUserNameW(buffer, ref size)) return new string(buffer, 0, (int)Math.Max(0, size - 1));
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

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("secur32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.U1)]
        private static extern bool GetUserNameExW(int nameFormat, [Out] char[] nameBuffer, ref uint size);

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool GetUserNameW([Out] char[] buffer, ref uint size);

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("crypt32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CryptProtectMemory(IntPtr data, uint dataLength, uint flags);
    }
}
