using System;

namespace RescaleSsh.SshConfig
{
    /// <summary>The failures config resolution reports, each with a stable id and a message naming the file, the line and what to do.</summary>
    internal static class SshConfigErrors
    {
        internal const string UnreadableId = "SshConfigUnreadable";
        internal const string InvalidId = "SshConfigInvalid";
        internal const string UnsupportedId = "SshConfigUnsupported";

        internal static RescaleSshException Unreadable(string file, Exception inner) =>
            new RescaleSshException(UnreadableId, FailureCategory.ReadError,
                $"The OpenSSH config file '{file}' cannot be read ({inner?.Message ?? "it does not exist"}). Fix the file or its permissions, name another with -SshConfigPath, or use -NoSshConfig.",
                file, inner);

        internal static RescaleSshException Invalid(ConfigSource where, string problem) =>
            new RescaleSshException(InvalidId, FailureCategory.InvalidData,
                $"{where}: {problem}. Fix that line (ssh -G HOST shows how OpenSSH reads the file), or use -NoSshConfig.",
                where.File);

        internal static RescaleSshException Unsupported(ConfigSource where, string what, string why) =>
            new RescaleSshException(UnsupportedId, FailureCategory.NotImplemented,
                $"{where}: {what} applies to this host, and this module {why}; it will not connect another way than your config says. Give the device's address, user and port directly, or use -NoSshConfig.",
                where.File);
    }
}
