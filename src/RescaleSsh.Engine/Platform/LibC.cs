using System.Runtime.InteropServices;

namespace RescaleSsh.Platform
{
    /// <summary>The libc calls the module makes on Linux and macOS ("libc" resolves to libc.so.6 on glibc and libc.dylib on macOS).</summary>
    internal static class LibC
    {
        internal const int EPERM = 1, EACCES = 13, EEXIST = 17, EROFS = 30;

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

        [DllImport("libc", SetLastError = true)]
        internal static extern int chmod(byte[] path, int mode);

        /// <summary>A path as libc takes it: UTF-8, NUL-terminated (netstandard2.0 has no UTF-8 string marshalling).</summary>
        internal static byte[] Path(string path)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(path);
            System.Array.Resize(ref bytes, bytes.Length + 1);
            return bytes;
        }
    }
}
