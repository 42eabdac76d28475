using System;

namespace RescaleSsh.Bench
{
    /// <summary>Copy-RescaleItem in a warm PowerShell 7 runspace with the built module, as the transfer benchmark hosts it.</summary>
    public sealed class ModuleTool : WanTool, IDisposable
    {
        private readonly BenchHost _host = new BenchHost();
        private readonly string _connection;

        public ModuleTool(WanTarget target) : base("module", target)
        {
            _host.Invoke("$ProgressPreference = 'SilentlyContinue'");
            _connection = $"-Port {target.Port} -KeyFilePath '{target.KeyPath}' -KnownHostsPath '{target.KnownHostsPath}'";
        }

        /// <summary>Extra parameters for every call (e.g. "-ThrottleLimit 32").</summary>
        public string ExtraParameters { get; set; } = "";

        private string Remote(string path) => $"'{Target.UserName}@127.0.0.1:{path}'";

        public override void UploadFile(string localFile, string remoteFile) => Copy($"'{localFile}'", Remote(remoteFile), "");
        public override void DownloadFile(string remoteFile, string localFile) => Copy(Remote(remoteFile), $"'{localFile}'", "");
        public override void UploadFolder(string localFolder, string remoteFolder) => Copy($"'{localFolder}'", Remote(remoteFolder), "-Recurse");
        public override void DownloadFolder(string remoteFolder, string localFolder) => Copy(Remote(remoteFolder), $"'{localFolder}'", "-Recurse");

        private void Copy(string from, string to, string switches) =>
            _host.Invoke($"Copy-RescaleItem {from} {to} {switches} {_connection} {ExtraParameters} | Out-Null");

        /// <summary>Sets an EngineHooks seam in this tool's runspace (see <see cref="BenchHost.SetHook"/>).</summary>
        public void SetHook(string name, string value) => _host.SetHook(name, value);

        public void Dispose() => _host.Dispose();
    }
}
