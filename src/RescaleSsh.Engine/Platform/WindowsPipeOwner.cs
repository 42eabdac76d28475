using System;
using System.Runtime.InteropServices;

namespace RescaleSsh.Platform
{
    /// <summary>
    /// Whether the server end of a connected named pipe belongs to this user, as PuTTY checks before talking to
    /// Pageant (windows/named-pipe-client.c): pipe names are one namespace for every user of the machine, so another
    /// user could create "Pageant's" pipe first and be sent our sign requests. The owner must be this process's token
    /// user, or LocalSystem where allowed (the Win32-OpenSSH agent runs as a service). Any failure to tell is "no".
    /// Windows only.
    /// </summary>
    internal static class WindowsPipeOwner
    {
        private const int SeKernelObject = 6;
        private const uint OwnerSecurityInformation = 1;
        private const uint TokenQuery = 8;
        private const int TokenUser = 1;
        private const int WinLocalSystemSid = 22;

        internal static bool IsTrusted(SafeHandle pipe, bool allowLocalSystem)
        {
            if (pipe == null || pipe.IsInvalid) return false;
            if (GetSecurityInfo(pipe, SeKernelObject, OwnerSecurityInformation, out IntPtr owner, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, out IntPtr descriptor) != 0)
                return false;
            try
            {
                if (owner == IntPtr.Zero) return false;
                if (allowLocalSystem && IsWellKnownSid(owner, WinLocalSystemSid)) return true;
                return IsCurrentUser(owner);
            }
            finally
            {
                LocalFree(descriptor);
            }
        }

        private static bool IsCurrentUser(IntPtr sid)
        {
            if (!OpenProcessToken(GetCurrentProcess(), TokenQuery, out IntPtr token)) return false;
            try
            {
                GetTokenInformation(token, TokenUser, IntPtr.Zero, 0, out uint needed);
                if (needed == 0) return false;
                IntPtr buffer = Marshal.AllocHGlobal((int)needed);
                try
                {
                    if (!GetTokenInformation(token, TokenUser, buffer, needed, out _)) return false;
                    // TOKEN_USER starts with SID_AND_ATTRIBUTES, which starts with the SID pointer.
                    IntPtr user = Marshal.ReadIntPtr(buffer);
                    return EqualSid(user, sid);
                }
                finally
                {
                    Marshal.FreeHGlobal(buffer);
                }
            }
            finally
            {
                CloseHandle(token);
            }
        }

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("advapi32.dll", SetLastError = false)]
        private static extern uint GetSecurityInfo(SafeHandle handle, int objectType, uint securityInfo, out IntPtr owner, IntPtr group, IntPtr dacl, IntPtr sacl, out IntPtr securityDescriptor);

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool IsWellKnownSid(IntPtr sid, int wellKnownSidType);

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool EqualSid(IntPtr sid1, IntPtr sid2);

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool OpenProcessToken(IntPtr process, uint desiredAccess, out IntPtr token);

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("advapi32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool GetTokenInformation(IntPtr token, int informationClass, IntPtr information, uint length, out uint returnLength);

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("kernel32.dll")]
        private static extern IntPtr GetCurrentProcess();

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool CloseHandle(IntPtr handle);

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern IntPtr LocalFree(IntPtr memory);
    }
}
