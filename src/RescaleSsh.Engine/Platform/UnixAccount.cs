using System.Globalization;
using System.Runtime.InteropServices;

namespace RescaleSsh.Platform
{
    /// <summary>The real uid of this process (libc getuid), for ssh_config's %i token. Unix only.</summary>
    internal static class UnixAccount
    {
        internal static string UserId() => getuid().ToString(CultureInfo.InvariantCulture);

        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [DllImport("libc", SetLastError = false)]
        private static extern uint getuid();
    }
}
