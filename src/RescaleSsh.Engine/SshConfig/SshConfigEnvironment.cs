using System;
using System.Runtime.InteropServices;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// What resolution needs to know about the local user, as ssh takes it from the password database: the home
    /// folder (for ~, %d and Include's ~/.ssh), the local user name (%u, the default User), the uid (%i), the host
    /// name (%l, %L, %C) and the environment (${VAR}). Tests give their own; <see cref="ForThisProcess"/> reads the machine.
    /// </summary>
    public sealed class SshConfigEnvironment
    {
        public SshConfigEnvironment(string homeDirectory, string localUserName, string userId, string localHostName, Func<string, string> getEnvironmentVariable)
        {
            HomeDirectory = homeDirectory ?? throw new ArgumentNullException(nameof(homeDirectory));
            LocalUserName = localUserName ?? throw new ArgumentNullException(nameof(localUserName));
            UserId = userId ?? "";
            LocalHostName = localHostName ?? "";
            GetEnvironmentVariable = getEnvironmentVariable ?? (_ => null);
        }

        public string HomeDirectory { get; }
        public string LocalUserName { get; }
        public string UserId { get; }
        public string LocalHostName { get; }
        public Func<string, string> GetEnvironmentVariable { get; }

        /// <summary>The user's config file: ~/.ssh/config.</summary>
        public string DefaultConfigPath => System.IO.Path.Combine(HomeDirectory, ".ssh", "config");

        /// <summary>This process's user: the profile folder, user name, uid (Unix; empty on Windows), machine name and environment.</summary>
        public static SshConfigEnvironment ForThisProcess()
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home)) home = Environment.GetEnvironmentVariable("HOME") ?? "";
            string uid = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "" : Platform.UnixAccount.UserId();
            string hostName;
            try
            {
                hostName = System.Net.Dns.GetHostName();
            }
            catch (System.Net.Sockets.SocketException)
            {
                hostName = Environment.MachineName;
            }
            return new SshConfigEnvironment(home, Environment.UserName, uid, hostName, Environment.GetEnvironmentVariable);
        }
    }
}
