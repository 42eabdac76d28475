using System.Collections.Generic;
using System.IO;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Bench
{
    /// <summary>
    /// rclone's sftp backend (Debian package rclone) with --transfers 8 --multi-thread-streams 4, configured in a temp
    /// config file (key_file, known_hosts_file; everything else as shipped, so it detects the shell and the remote's
    /// hash commands once, in an untimed warm-up, and saves them there as it does for a user).
    /// </summary>
    public sealed class RcloneTool : WanTool
    {
        private readonly string _config;

        public RcloneTool(WanTarget target) : base("rclone", target)
        {
            _config = Path.Combine(target.WorkFolder, "rclone.conf");
            File.WriteAllText(_config,
                "[wan]\ntype = sftp\nhost = 127.0.0.1\n" +
                $"port = {target.Port}\nuser = {target.UserName}\nkey_file = {target.KeyPath}\nknown_hosts_file = {target.KnownHostsPath}\n");
        }

        public static string Version => ExternalTool.Run("rclone", "version").StdOut.Split('\n')[0].Trim();

        /// <summary>Lets rclone detect the shell and hash commands of the remote before anything is timed.</summary>
        public void WarmUp(string remoteFile)
        {
            Rclone("lsf", "wan:");
            Rclone("md5sum", "wan:" + remoteFile);
        }

        public override void UploadFile(string localFile, string remoteFile) => Rclone("copyto", localFile, "wan:" + remoteFile);
        public override void DownloadFile(string remoteFile, string localFile) => Rclone("copyto", "wan:" + remoteFile, localFile);
        public override void UploadFolder(string localFolder, string remoteFolder) => Rclone("copy", localFolder, "wan:" + remoteFolder);
        public override void DownloadFolder(string remoteFolder, string localFolder) => Rclone("copy", "wan:" + remoteFolder, localFolder);

        private void Rclone(params string[] args)
        {
            var all = new List<string> { "--config", _config, "--transfers", "8", "--multi-thread-streams", "4", "-q" };
            all.AddRange(args);
            ExternalTool.Run("rclone", all.ToArray(), null, 3600, Target.WorkFolder).EnsureSuccess("rclone " + args[0]);
        }
    }
}
