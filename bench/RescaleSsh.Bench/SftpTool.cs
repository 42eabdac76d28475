using System.Collections.Generic;
using System.Globalization;
using System.IO;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Bench
{
    /// <summary>OpenSSH's sftp -b, no config file, the bench's key and known_hosts only.</summary>
    public sealed class SftpTool : WanTool
    {
        private readonly string[] _options;

        public SftpTool(string name, WanTarget target, string[] options) : base(name, target)
        {
            _options = options;
        }

        public override void UploadFile(string localFile, string remoteFile) => Batch($"put {localFile} {remoteFile}");
        public override void DownloadFile(string remoteFile, string localFile) => Batch($"get {remoteFile} {localFile}");
        public override void UploadFolder(string localFolder, string remoteFolder) => Batch($"put -r {localFolder} {remoteFolder}");
        public override void DownloadFolder(string remoteFolder, string localFolder) => Batch($"get -r {remoteFolder} {localFolder}");

        private void Batch(string command)
        {
            string batch = Path.Combine(Target.WorkFolder, "sftp-batch");
            File.WriteAllText(batch, command + "\n");
            var args = new List<string>
            {
                "-F", "/dev/null", "-P", Target.Port.ToString(CultureInfo.InvariantCulture), "-i", Target.KeyPath,
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=" + Target.KnownHostsPath,
                "-o", "GlobalKnownHostsFile=/dev/null",
            };
            args.AddRange(_options);
            args.AddRange(new[] { "-b", batch, Target.UserName + "@127.0.0.1" });
            ExternalTool.Run("sftp", args.ToArray(), null, 3600, Target.WorkFolder).EnsureSuccess(Name);
        }
    }
}
