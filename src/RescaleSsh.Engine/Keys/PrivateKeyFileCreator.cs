using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using RescaleSsh.Platform;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Creates files that are readable by their owner alone from the instant they exist, and folders for them.
    /// Unix: mkstemp(3) creates a uniquely named file beside the target with mode 0600 and O_EXCL in one step
    /// (no chmod afterwards, no window with looser bits; a non-variadic call, so it is safe to P/Invoke on every
    /// ABI); the content is written and fsynced, then the file is renamed onto the target — link(2) when the
    /// target must not be overwritten, so an existing file is never replaced by accident. Windows: CreateFileW
    /// with the owner-only security descriptor of <see cref="WindowsOwnerOnlyAcl"/>, then MoveFileExW.
    /// Either way the target is complete or absent, never half-written.
    /// </summary>
    internal static class PrivateKeyFileCreator
    {
        internal static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> as an owner-only file.</summary>
        internal static void Write(string path, byte[] content, bool overwrite)
        {
            if (IsWindows) WindowsWrite(path, content, overwrite);
            else UnixWrite(path, content, overwrite);
        }

        /// <summary>Writes an ordinary file (a .pub) in the same all-or-nothing way, with the usual permissions.</summary>
        internal static void WritePublic(string path, byte[] content, bool overwrite)
        {
            if (!overwrite && (File.Exists(path) || Directory.Exists(path))) throw KeyErrors.FileExists(path);
            string folder = Path.GetDirectoryName(path);
            string temp = Path.Combine(folder, "." + Path.GetFileName(path) + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                File.WriteAllBytes(temp, content);
                if (File.Exists(path)) File.Replace(temp, path, null);
                else File.Move(temp, path);
            }
            catch (UnauthorizedAccessException ex)
            {
                TryDelete(temp);
                throw KeyErrors.FolderNotWritable(folder, ex);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>Creates a folder and its missing parents; on Unix each new folder gets mode 0700, as ssh-keygen gives ~/.ssh.</summary>
        internal static void CreateFolder(string folder)
        {
            if (Directory.Exists(folder)) return;
            string parent = Path.GetDirectoryName(folder);
            if (!string.IsNullOrEmpty(parent) && parent != folder) CreateFolder(parent);
            if (IsWindows)
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw KeyErrors.FolderNotWritable(folder, ex);
                }
                return;
            }
            if (Unix.mkdir(Utf8z(folder), Convert.ToUInt32("700", 8)) != 0)
            {
                int errno = Marshal.GetLastWin32Error();
                if (errno == Unix.EEXIST && Directory.Exists(folder)) return;
                throw UnixFailure(errno, folder, folder);
            }
        }

        // ---- Unix ------------------------------------------------------------------------------------

        private static void UnixWrite(string path, byte[] content, bool overwrite)
        {
            string folder = Path.GetDirectoryName(path);
            byte[] template = Utf8z(Path.Combine(folder, "." + Path.GetFileName(path) + ".XXXXXX"));
            int fd = Unix.mkstemp(template);
            if (fd < 0) throw UnixFailure(Marshal.GetLastWin32Error(), folder, path);
            byte[] temp = new byte[template.Length];
            Buffer.BlockCopy(template, 0, temp, 0, template.Length);
            bool placed = false;
            try
            {
                using (var handle = new SafeFileHandle(new IntPtr(fd), ownsHandle: true))
                using (var stream = new FileStream(handle, FileAccess.ReadWrite, 1))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(flushToDisk: true);
                }

                byte[] target = Utf8z(path);
                if (overwrite)
                {
                    if (Unix.rename(temp, target) != 0) throw UnixFailure(Marshal.GetLastWin32Error(), folder, path);
                    placed = true;
                    return;
                }
                if (Unix.link(temp, target) == 0)
                {
                    return; // the temporary name is removed in finally; the target keeps the inode
                }
                int errno = Marshal.GetLastWin32Error();
                if (errno == Unix.EEXIST) throw KeyErrors.FileExists(path);
                // File systems without hard links (FAT, some network shares): check, then rename.
                if (File.Exists(path) || Directory.Exists(path)) throw KeyErrors.FileExists(path);
                if (Unix.rename(temp, target) != 0) throw UnixFailure(Marshal.GetLastWin32Error(), folder, path);
                placed = true;
            }
            finally
            {
                if (!placed) Unix.unlink(temp);
            }
        }

        private static Exception UnixFailure(int errno, string folder, string path)
        {
            if (errno == Unix.EACCES || errno == Unix.EPERM || errno == Unix.EROFS) return KeyErrors.FolderNotWritable(folder);
            if (errno == Unix.EEXIST) return KeyErrors.FileExists(path);
            return new IOException($"Cannot write '{path}': {new Win32Exception(errno).Message}.", errno);
        }

        private static byte[] Utf8z(string s)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(s);
            Array.Resize(ref bytes, bytes.Length + 1);
            return bytes;
        }

        private static void TryDelete(string path)
        {
            try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static class Unix
        {
            internal const int EPERM = 1, EACCES = 13, EEXIST = 17, EROFS = 30;

            // "libc" resolves to libc.so.6 on glibc Linux and /usr/lib/libc.dylib on macOS.
            [DllImport("libc", SetLastError = true)]
            internal static extern int mkstemp(byte[] template);

            [DllImport("libc", SetLastError = true)]
            internal static extern int rename(byte[] from, byte[] to);

            [DllImport("libc", SetLastError = true)]
            internal static extern int link(byte[] existing, byte[] created);

            [DllImport("libc", SetLastError = true)]
            internal static extern int unlink(byte[] path);

            [DllImport("libc", SetLastError = true)]
            internal static extern int mkdir(byte[] path, uint mode);
        }

        // ---- Windows ---------------------------------------------------------------------------------

        private static void WindowsWrite(string path, byte[] content, bool overwrite)
        {
            string folder = Path.GetDirectoryName(path);
            string temp = Path.Combine(folder, "." + Path.GetFileName(path) + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            string sddl = WindowsOwnerOnlyAcl.BuildSddl(Windows.CurrentUserSid());
            if (!Windows.ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, 1, out IntPtr descriptor, IntPtr.Zero))
                throw new Win32Exception(Marshal.GetLastWin32Error());
            bool placed = false;
            try
            {
                var attributes = new Windows.SecurityAttributes
                {
                    Length = Marshal.SizeOf(typeof(Windows.SecurityAttributes)),
                    SecurityDescriptor = descriptor,
                    InheritHandle = false,
                };
                using (SafeFileHandle handle = Windows.CreateFileW(temp, Windows.GenericWrite, 0, ref attributes, Windows.CreateNew, Windows.FileAttributeNormal, IntPtr.Zero))
                {
                    if (handle.IsInvalid)
                    {
                        int error = Marshal.GetLastWin32Error();
                        if (error == Windows.ErrorAccessDenied) throw KeyErrors.FolderNotWritable(folder);
                        throw new IOException($"Cannot write '{path}': {new Win32Exception(error).Message}.");
                    }
                    using (var stream = new FileStream(handle, FileAccess.Write, 1))
                    {
                        stream.Write(content, 0, content.Length);
                        stream.Flush(flushToDisk: true);
                    }
                }
                uint flags = Windows.MoveFileWriteThrough | (overwrite ? Windows.MoveFileReplaceExisting : 0u);
                if (!Windows.MoveFileExW(temp, path, flags))
                {
                    int error = Marshal.GetLastWin32Error();
                    if (error == Windows.ErrorAlreadyExists || error == Windows.ErrorFileExists) throw KeyErrors.FileExists(path);
                    if (error == Windows.ErrorAccessDenied) throw KeyErrors.FolderNotWritable(folder);
                    throw new IOException($"Cannot write '{path}': {new Win32Exception(error).Message}.");
                }
                placed = true;
            }
            finally
            {
                Windows.LocalFree(descriptor);
                if (!placed) TryDelete(temp);
            }
        }

        private static class Windows
        {
            internal const uint GenericWrite = 0x40000000;
            internal const uint CreateNew = 1;
            internal const uint FileAttributeNormal = 0x80;
            internal const uint MoveFileReplaceExisting = 0x1;
            internal const uint MoveFileWriteThrough = 0x8;
            internal const int ErrorAccessDenied = 5;
            internal const int ErrorFileExists = 80;
            internal const int ErrorAlreadyExists = 183;
            private const uint TokenQuery = 0x0008;
            private const int TokenUser = 1;

            [StructLayout(LayoutKind.Sequential)]
            internal struct SecurityAttributes
            {
                public int Length;
                public IntPtr SecurityDescriptor;
                [MarshalAs(UnmanagedType.Bool)] public bool InheritHandle;
            }

            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            internal static extern SafeFileHandle CreateFileW(string name, uint access, uint share, ref SecurityAttributes attributes, uint disposition, uint flags, IntPtr template);

            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static extern bool MoveFileExW(string existing, string target, uint flags);

            [DllImport("kernel32.dll")]
            internal static extern IntPtr LocalFree(IntPtr memory);

            [DllImport("kernel32.dll")]
            private static extern IntPtr GetCurrentProcess();

            [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            internal static extern bool ConvertStringSecurityDescriptorToSecurityDescriptorW(string sddl, uint revision, out IntPtr descriptor, IntPtr size);

            [DllImport("advapi32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            private static extern bool OpenProcessToken(IntPtr process, uint access, out IntPtr token);

            [DllImport("advapi32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            private static extern bool GetTokenInformation(IntPtr token, int infoClass, IntPtr buffer, int length, out int returned);

            [DllImport("advapi32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            private static extern bool ConvertSidToStringSidW(IntPtr sid, out IntPtr text);

            [DllImport("kernel32.dll", SetLastError = true)]
            [return: MarshalAs(UnmanagedType.Bool)]
            private static extern bool CloseHandle(IntPtr handle);

            /// <summary>The SID of the user this process runs as, e.g. S-1-5-21-…-1001 (the TOKEN_USER of its token).</summary>
            internal static string CurrentUserSid()
            {
                if (!OpenProcessToken(GetCurrentProcess(), TokenQuery, out IntPtr token)) throw new Win32Exception(Marshal.GetLastWin32Error());
                IntPtr buffer = IntPtr.Zero;
                try
                {
                    GetTokenInformation(token, TokenUser, IntPtr.Zero, 0, out int length);
                    buffer = Marshal.AllocHGlobal(length);
                    if (!GetTokenInformation(token, TokenUser, buffer, length, out length)) throw new Win32Exception(Marshal.GetLastWin32Error());
                    IntPtr sid = Marshal.ReadIntPtr(buffer); // TOKEN_USER.User.Sid
                    if (!ConvertSidToStringSidW(sid, out IntPtr text)) throw new Win32Exception(Marshal.GetLastWin32Error());
                    try
                    {
                        return Marshal.PtrToStringUni(text);
                    }
                    finally
                    {
                        LocalFree(text);
                    }
                }
                finally
                {
                    if (buffer != IntPtr.Zero) Marshal.FreeHGlobal(buffer);
                    CloseHandle(token);
                }
            }
        }
    }
}
