using System;

namespace RescaleSsh.Bench
{
    /// <summary>One client in the WAN benchmark's table: copies a file or a folder up or down (paths relative to the login home).</summary>
    public abstract class WanTool
    {
        protected WanTool(string name, WanTarget target)
        {
            Name = name;
            Target = target;
        }

        public string Name { get; }
        protected WanTarget Target { get; }

        public abstract void UploadFile(string localFile, string remoteFile);
        public abstract void DownloadFile(string remoteFile, string localFile);
        /// <summary>Creates <paramref name="remoteFolder"/> (absent before) holding the files of <paramref name="localFolder"/>.</summary>
        public abstract void UploadFolder(string localFolder, string remoteFolder);
        /// <summary>Creates <paramref name="localFolder"/> (absent before) holding the files of <paramref name="remoteFolder"/>.</summary>
        public abstract void DownloadFolder(string remoteFolder, string localFolder);

        /// <summary>Makes a tool by name: module, sftp (as shipped), sftp-tuned (-R 256 -B 131072 -c aes128-gcm), rclone.</summary>
        public static WanTool Create(string name, WanTarget target) => name switch
        {
            "module" => new ModuleTool(target),
            "sftp" => new SftpTool(name, target, Array.Empty<string>()),
            "sftp-tuned" => new SftpTool(name, target, new[] { "-R", "256", "-B", "131072", "-c", "aes128-gcm@openssh.com" }),
            "rclone" => new RcloneTool(target),
            _ => throw new ArgumentException($"unknown tool '{name}': use module, sftp, sftp-tuned, rclone"),
        };
    }
}
