using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>
    /// A real sshd with a login key already authorized and a known_hosts file that trusts every port, plus
    /// helpers to make keys and to read the device's authorized_keys bytes and modes straight from its home.
    /// </summary>
    public sealed class AuthorizedKeysTestBed : IDisposable
    {
        public SshServer Server { get; }
        public string LoginKey { get; }
        public string LoginPublicLine { get; }
        public string KnownHosts { get; }
        private int _keyCount;

        public AuthorizedKeysTestBed(int devices = 1)
        {
            Server = SshServer.Start(devices);
            LoginKey = Path.Combine(Server.ClientFolder, "login_ed25519");
            ExternalTool.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "login@test", "-f", LoginKey).EnsureSuccess("ssh-keygen");
            LoginPublicLine = File.ReadAllText(LoginKey + ".pub").Trim();
            Server.AuthorizeKey(LoginPublicLine);
            KnownHosts = Path.Combine(Server.ClientFolder, "known_hosts");
            File.WriteAllLines(KnownHosts, Server.Ports.Select(p => $"[127.0.0.1]:{p} {Server.HostKeyPublicLine}"));
        }

        public string AuthorizedKeysPath => Server.AuthorizedKeysPath;
        public string SshFolder => Path.GetDirectoryName(Server.AuthorizedKeysPath);

        /// <summary>Device and connection parameters for device <paramref name="portIndex"/>, as a PowerShell fragment.</summary>
        public string Device(int portIndex = 0) =>
            $"-ComputerName 127.0.0.1 -UserName {Server.UserName} -Port {Server.Ports[portIndex]} -KeyFilePath '{LoginKey}' -KnownHostsPath '{KnownHosts}'";

        /// <summary>A script prefix that builds $cred (the account's password) from the variables <see cref="PasswordVariables"/>.</summary>
        public const string CredentialScript =
            "$ss = [System.Security.SecureString]::new(); foreach ($c in $pw.ToCharArray()) { $ss.AppendChar($c) }; $cred = [pscredential]::new($user, $ss); ";

        public (string, object)[] PasswordVariables => new (string, object)[] { ("user", Server.UserName), ("pw", Server.Password) };

        /// <summary>Device parameters for a password login (needs <see cref="CredentialScript"/> first).</summary>
        public string PasswordDevice(int portIndex = 0) =>
            $"-ComputerName 127.0.0.1 -Port {Server.Ports[portIndex]} -Credential $cred -KnownHostsPath '{KnownHosts}'";

        /// <summary>Connection parameters without the device (for CSV-shaped pipeline input).</summary>
        public string Connection => $"-KeyFilePath '{LoginKey}' -KnownHostsPath '{KnownHosts}'";

        /// <summary>A new key pair made by ssh-keygen; returns the private key path (the public key is path + ".pub").</summary>
        public string NewKey(string comment = null, string type = "ed25519")
        {
            string name = $"key{++_keyCount}_{type}";
            string path = Path.Combine(Server.ClientFolder, name);
            var args = new List<string> { "-q", "-t", type, "-N", "", "-C", comment ?? name + "@test", "-f", path };
            if (type == "rsa") { args.Add("-b"); args.Add("2048"); }
            ExternalTool.Run("ssh-keygen", args.ToArray()).EnsureSuccess("ssh-keygen");
            return path;
        }

        public static string PublicLine(string privateKeyPath) => File.ReadAllText(privateKeyPath + ".pub").Trim();

        public static string Fingerprint(string privateKeyPath) =>
            ExternalTool.Run("ssh-keygen", "-l", "-E", "sha256", "-f", privateKeyPath + ".pub").EnsureSuccess("ssh-keygen -l").StdOut.Split(' ')[1];

        public byte[] ReadBytes() => File.Exists(AuthorizedKeysPath) ? File.ReadAllBytes(AuthorizedKeysPath) : null;

        public string ReadText() => Encoding.UTF8.GetString(ReadBytes());

        public static int Mode(string path)
        {
            if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Unix modes");
            return (int)File.GetUnixFileMode(path) & 0x1FF;
        }

        public static void SetMode(string path, int mode)
        {
            if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Unix modes");
            File.SetUnixFileMode(path, (UnixFileMode)mode);
        }

        /// <summary>Replaces the device's authorized_keys with <paramref name="bytes"/> owned by the account, with the given modes.</summary>
        public void WriteAuthorizedKeys(byte[] bytes, int fileMode = 0x180, int folderMode = 0x1C0)
        {
            Directory.CreateDirectory(SshFolder);
            File.WriteAllBytes(AuthorizedKeysPath, bytes);
            Server.GiveToUser(SshFolder);
            SetMode(SshFolder, folderMode);
            SetMode(AuthorizedKeysPath, fileMode);
        }

        /// <summary>
        /// An authorized_keys holding every line form sshd accepts that is awkward to edit: a BOM, CRLF and LF
        /// line ends, comments, blank and whitespace-only lines, options with quoted spaces and commas,
        /// cert-authority, a certificate, a security-key type, a malformed line, and no final newline.
        /// The login key sits on a plain LF line so that the module can still log in.
        /// </summary>
        public byte[] AwkwardFile()
        {
            string optKey = PublicLine(NewKey("with options"));
            string caKey = PublicLine(NewKey("ca", "rsa"));
            string certKey = NewKey("certified");
            string ca = NewKey("signer");
            ExternalTool.Run("ssh-keygen", "-q", "-s", ca, "-I", "id1", "-n", Server.UserName, certKey + ".pub").EnsureSuccess("ssh-keygen -s");
            string certLine = File.ReadAllText(certKey + "-cert.pub").Trim();
            string last = PublicLine(NewKey("last line, no newline"));
            var text = new StringBuilder();
            text.Append("\uFEFF# keys for the storage device\r\n");
            text.Append("\r\n");
            text.Append("from=\"10.0.0.1,192.168.0.0/16\",command=\"echo x y\",no-pty " + optKey + "\r\n");
            text.Append("cert-authority,principals=\"a b,c\" " + caKey + "\n");
            text.Append(certLine + "\n");
            text.Append("sk-ssh-ed25519@openssh.com " + SecurityKeyBase64() + " yubikey\n");
            text.Append("  \t \n");
            text.Append("this is not a key at all\n");
            text.Append(LoginPublicLine + "\n");
            text.Append("# trailing comment with ünïcödé\n");
            text.Append(last);
            return new UTF8Encoding(false).GetBytes(text.ToString());
        }

        /// <summary>An sk-ssh-ed25519@openssh.com public key blob (PROTOCOL.u2f): type, 32-byte key, application.</summary>
        public static string SecurityKeyBase64()
        {
            var blob = new MemoryStream();
            void Put(byte[] b)
            {
                blob.Write(new[] { (byte)(b.Length >> 24), (byte)(b.Length >> 16), (byte)(b.Length >> 8), (byte)b.Length });
                blob.Write(b);
            }
            Put(Encoding.ASCII.GetBytes("sk-ssh-ed25519@openssh.com"));
            Put(RandomNumberGenerator.GetBytes(32));
            Put(Encoding.ASCII.GetBytes("ssh:"));
            return Convert.ToBase64String(blob.ToArray());
        }

        public void Dispose() => Server.Dispose();
    }
}
