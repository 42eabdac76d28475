using System;
using System.Runtime.InteropServices;

namespace RescaleSsh.Platform
{
    /// <summary>Whether a local named pipe exists, asked as PuTTY asks (FindFirstFile on <c>\\.\pipe\NAME</c>), without connecting to it. Windows only.</summary>
    internal static class WindowsPipes
    {
        private static readonly IntPtr InvalidHandle = new IntPtr(-1);

        internal static bool Exists(string pipePath)
        {
            IntPtr find = FindFirstFileW(pipePath, out _);
            if (find == InvalidHandle) return false;
            FindClose(find);
            return true;
        }

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        private struct Win32FindData
        {
            public uint FileAttributes;
            // FILETIMEs as two DWORDs each: a long would be 8-byte aligned and shift every later field.
            public uint CreationTimeLow;
            public uint CreationTimeHigh;
            public uint LastAccessTimeLow;
            public uint LastAccessTimeHigh;
            public uint LastWriteTimeLow;
            public uint LastWriteTimeHigh;
            public uint FileSizeHigh;
            public uint FileSizeLow;
            public uint Reserved0;
            public uint Reserved1;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 260)]
            public string FileName;
            [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 14)]
            public string AlternateFileName;
        }

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr FindFirstFileW(string fileName, out Win32FindData findData);

        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool FindClose(IntPtr findFile);
    }
}
