using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RescaleSsh.Platform
{
    /// <summary>chmod(2) for the modes sshd's StrictModes and ssh-keygen insist on. No-ops on Windows.</summary>
    internal static class UnixPermissions
    {
        internal const int OwnerOnlyFolder = 0x1C0; // 0700
        internal const int OwnerOnlyFile = 0x180;   // 0600

        internal static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        internal static void TrySetMode(string path, int mode)
        {
            if (!IsUnix) return;
            if (LibC.chmod(LibC.Path(path), mode) != 0) throw new IOException($"Cannot set the mode of '{path}' (errno {Marshal.GetLastWin32Error()}).");
        }
    }
}
