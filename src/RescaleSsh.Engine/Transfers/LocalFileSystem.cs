using System;
using System.ComponentModel;
using System.IO;
using RescaleSsh.Platform;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// The local files a download touches, never through a link: File.GetAttributes looks at a path itself (lstat on
    /// Unix: a link shows as ReparsePoint), temporary files are created with FileMode.CreateNew (O_CREAT|O_EXCL, which
    /// refuses even a dangling link), and the finished file is moved with rename(2), which replaces a link itself.
    /// </summary>
    internal static class LocalFileSystem
    {
        /// <summary>What is at <paramref name="path"/> itself, or null when nothing is.</summary>
        public static FileAttributes? Look(string path)
        {
            try
            {
                return File.GetAttributes(path);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (DirectoryNotFoundException)
            {
                return null;
            }
        }

        public static bool IsLink(FileAttributes attributes) => (attributes & FileAttributes.ReparsePoint) != 0;

        /// <summary>
        /// True when <paramref name="path"/> is a regular file (not a link, not a folder) this account owns. Setting a
        /// file's times to given values is allowed to its owner only (utimensat(2)); the times are set to what they were.
        /// </summary>
        public static bool IsOwnRegularFile(string path)
        {
            var attributes = Look(path);
            if (attributes == null || IsLink(attributes.Value) || (attributes.Value & FileAttributes.Directory) != 0) return false;
            try
            {
                File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path));
                return true;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Creates <paramref name="path"/> for writing only if nothing, not even a link, has that name; null when something does.</summary>
        public static FileStream TryCreateNew(string path, int bufferSize)
        {
            if (Look(path) != null) return null;
            try
            {
                return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
            }
            catch (IOException) when (Look(path) != null)
            {
                return null; // created meanwhile
            }
        }

        /// <summary>Moves the finished file over its target in one step; a link at the target is replaced, not followed.</summary>
        public static void Replace(string from, string to)
        {
            if (!LocalName.IsWindows)
            {
                if (LibC.rename(LibC.Path(from), LibC.Path(to)) == 0) return;
                int error = System.Runtime.InteropServices.Marshal.GetLastWin32Error();
                var why = new Win32Exception(error).Message;
                if (error == LibC.EACCES || error == LibC.EPERM) throw new UnauthorizedAccessException($"Access to the path '{to}' is denied ({why}).");
                throw new IOException($"Cannot move the file to '{to}': {why}.");
            }
            if (File.Exists(to)) File.Replace(from, to, null, true);
            else File.Move(from, to);
        }

        /// <summary>The folder's final path, links resolved (a link loop shows as a folder equal to one above it); null when unknown.</summary>
        public static string RealPath(string folder)
        {
            try
            {
                return FinalPath.Of(folder);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return null;
            }
        }
    }
}
