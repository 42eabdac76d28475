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
            if (LibC.mkdir(LibC.Path(folder), Convert.ToUInt32("700", 8)) != 0)
            {
                int errno = Marshal.GetLastWin32Error();
                if (errno == LibC.EEXIST && Directory.Exists(folder)) return;
                throw UnixFailure(errno, folder, folder);
            }
        }

        private static void UnixWrite(string path, byte[] content, bool overwrite)
        {
            string folder = Path.GetDirectoryName(path);
            byte[] template = LibC.Path(Path.Combine(folder, "." + Path.GetFileName(path) + ".XXXXXX"));
            int fd = LibC.mkstemp(template);
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

                byte[] target = LibC.Path(path);
                if (overwrite)
                {
                    if (LibC.rename(temp, target) != 0) throw UnixFailure(Marshal.GetLastWin32Error(), folder, path);
                    placed = true;
                    return;
                }
                if (LibC.link(temp, target) == 0)
                {
                    return; // the temporary name is removed in finally; the target keeps the inode
                }
                int errno = Marshal.GetLastWin32Error();
                if (errno == LibC.EEXIST) throw KeyErrors.FileExists(path);
                // File systems without hard links (FAT, some network shares): check, then rename.
                if (File.Exists(path) || Directory.Exists(path)) throw KeyErrors.FileExists(path);
                if (LibC.rename(temp, target) != 0) throw UnixFailure(Marshal.GetLastWin32Error(), folder, path);
                placed = true;
            }
            finally
            {
                if (!placed) _ = LibC.unlink(temp); // best effort: a leftover temporary name is harmless
            }
        }

        private static Exception UnixFailure(int errno, string folder, string path)
        {
            if (errno == LibC.EACCES || errno == LibC.EPERM || errno == LibC.EROFS) return KeyErrors.FolderNotWritable(folder);
            if (errno == LibC.EEXIST) return KeyErrors.FileExists(path);
            return new IOException($"Cannot write '{path}': {new Win32Exception(errno).Message}.", errno);
        }

        private static void TryDelete(string path)
        {
            try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static void WindowsWrite(string path, byte[] content, bool overwrite)
        {
            string folder = Path.GetDirectoryName(path);
            string temp = Path.Combine(folder, "." + Path.GetFileName(path) + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            string sddl = WindowsOwnerOnlyAcl.BuildSddl(Win32.CurrentUserSid());
            if (!Win32.ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, 1, out IntPtr descriptor, IntPtr.Zero))
                throw new Win32Exception(Marshal.GetLastWin32Error());
            bool placed = false;
            try
            {
                var attributes = new Win32.SecurityAttributes
                {
                    Length = Marshal.SizeOf<Win32.SecurityAttributes>(),
                    SecurityDescriptor = descriptor,
                    InheritHandle = false,
                };
                using (SafeFileHandle handle = Win32.CreateFileW(temp, Win32.GenericWrite, 0, ref attributes, Win32.CreateNew, Win32.FileAttributeNormal, IntPtr.Zero))
                {
                    if (handle.IsInvalid)
                    {
                        int error = Marshal.GetLastWin32Error();
                        if (error == Win32.ErrorAccessDenied) throw KeyErrors.FolderNotWritable(folder);
                        throw new IOException($"Cannot write '{path}': {new Win32Exception(error).Message}.");
                    }
                    using (var stream = new FileStream(handle, FileAccess.Write, 1))
                    {
                        stream.Write(content, 0, content.Length);
                        stream.Flush(flushToDisk: true);
                    }
                }
                uint flags = Win32.MoveFileWriteThrough | (overwrite ? Win32.MoveFileReplaceExisting : 0u);
                if (!Win32.MoveFileExW(temp, path, flags))
                {
                    int error = Marshal.GetLastWin32Error();
                    if (error == Win32.ErrorAlreadyExists || error == Win32.ErrorFileExists) throw KeyErrors.FileExists(path);
                    if (error == Win32.ErrorAccessDenied) throw KeyErrors.FolderNotWritable(folder);
                    throw new IOException($"Cannot write '{path}': {new Win32Exception(error).Message}.");
                }
                placed = true;
            }
            finally
            {
                Win32.LocalFree(descriptor);
                if (!placed) TryDelete(temp);
            }
        }

    }
}
