using System;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace RescaleSsh.Platform
{
    /// <summary>
    /// The one path a folder has whichever links lead to it: realpath(3) on Unix, GetFinalPathNameByHandleW on Windows.
    /// Transfers compare it with the folders above to see a link loop (netstandard2.0 has no such call).
    /// </summary>
    internal static class FinalPath
    {
        private const uint FileShareAll = 0x7, OpenExisting = 3, FileFlagBackupSemantics = 0x02000000;

        /// <summary>The final path of <paramref name="path"/>, or null when it cannot be found (gone, no access).</summary>
        internal static string Of(string path) =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OfWindows(path) : OfUnix(path);

        private static string OfUnix(string path)
        {
            IntPtr resolved = realpath(LibC.Path(path), IntPtr.Zero);
            if (resolved == IntPtr.Zero) return null;
            try
            {
                int length = 0;
                while (Marshal.ReadByte(resolved, length) != 0) length++;
                var bytes = new byte[length];
                Marshal.Copy(resolved, bytes, 0, length);
                return Encoding.UTF8.GetString(bytes);
            }
            finally
            {
                free(resolved);
            }
        }

        private static string OfWindows(string path)
        {
            // Backup semantics: the only way CreateFile opens a folder; no access rights are asked for.
            using (var handle = CreateFileW(path, 0, FileShareAll, IntPtr.Zero, OpenExisting, FileFlagBackupSemantics, IntPtr.Zero))
            {
                if (handle.IsInvalid) return null;
                var text = new char[1024];
                uint length = GetFinalPathNameByHandleW(handle, text, (uint)text.Length, 0);
                if (length >= text.Length)
                {
                    text = new char[length + 1];
                    length = GetFinalPathNameByHandleW(handle, text, (uint)text.Length, 0);
                }
                return length == 0 || length >= text.Length ? null : new string(text, 0, (int)length);
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern IntPtr realpath(byte[] path, IntPtr resolved);

        [DllImport("libc")]
        private static extern void free(IntPtr pointer);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        private static extern SafeFileHandle CreateFileW(string name, uint access, uint share, IntPtr security, uint disposition, uint flags, IntPtr template);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        private static extern uint GetFinalPathNameByHandleW(SafeFileHandle handle, [Out] char[] path, uint length, uint flags);
    }
}
