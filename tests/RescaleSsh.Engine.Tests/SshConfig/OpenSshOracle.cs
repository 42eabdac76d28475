using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RescaleSsh.Engine.Tests.Infrastructure;
using RescaleSsh.SshConfig;

namespace RescaleSsh.Engine.Tests.SshConfig
{
    /// <summary>
    /// OpenSSH's own resolution, <c>ssh -G -F CONFIG HOST</c>, run for a fake user whose home is a temp folder:
    /// nss_wrapper (Debian package libnss-wrapper) gives the process a passwd entry with that home, since ssh takes
    /// ~ and Include's ~/.ssh from the password database, not from $HOME. No real ~/.ssh is ever read. The same
    /// user, home, uid, host name and environment feed the module's resolver, so both see one world.
    /// </summary>
    public sealed class OpenSshOracle : IDisposable
    {
        public const string UserName = "tester";
        private const string NssWrapper = "/usr/lib/x86_64-linux-gnu/libnss_wrapper.so";

        private readonly TempFolder _root = new TempFolder("rse-cfg-");
        private readonly Dictionary<string, string> _environment;

        public string Home { get; }
        public IReadOnlyDictionary<string, string> Variables { get; }

        public OpenSshOracle()
        {
            string wrapper = FindNssWrapper() ?? throw new InvalidOperationException("The ssh_config tests need nss_wrapper: apt-get install libnss-wrapper (tests/run-tests.sh should install it).");
            Home = _root.Combine("home");
            Directory.CreateDirectory(Path.Combine(Home, ".ssh"));
            string uid = ExternalTool.Run("id", "-u").EnsureSuccess("id -u").StdOut.Trim();
            string gid = ExternalTool.Run("id", "-g").EnsureSuccess("id -g").StdOut.Trim();
            string passwd = _root.Write("passwd", $"{UserName}:x:{uid}:{gid}:Tester:{Home}:/bin/sh\n");
            string group = _root.Write("group", $"{UserName}:x:{gid}:\n");
            UserId = uid;
            Variables = new Dictionary<string, string> { ["AGENT_DIR"] = "/run/agents", ["KEYS"] = "/srv/keys" };
            _environment = new Dictionary<string, string>
            {
                ["LD_PRELOAD"] = wrapper,
                ["NSS_WRAPPER_PASSWD"] = passwd,
                ["NSS_WRAPPER_GROUP"] = group,
                ["HOME"] = Home,
                ["SSH_AUTH_SOCK"] = null,
                ["USER"] = UserName,
                ["LOGNAME"] = UserName,
            };
            foreach (var pair in Variables) _environment[pair.Key] = pair.Value;
        }

        public string UserId { get; }

        /// <summary>The resolver's view of the same user.</summary>
        public SshConfigEnvironment Environment => new SshConfigEnvironment(Home, UserName, UserId, System.Net.Dns.GetHostName(),
            name => Variables.TryGetValue(name, out var v) ? v : name == "HOME" ? Home : null);

        /// <summary>Writes a file under the fake home (relative paths) or anywhere (absolute), returning its path.</summary>
        public string Write(string path, string text)
        {
            string full = Path.IsPathRooted(path) ? path : Path.Combine(Home, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full));
            File.WriteAllText(full, text);
            return full;
        }

        /// <summary>Removes everything under the fake home's .ssh, between cases.</summary>
        public void Clear()
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(Path.Combine(Home, ".ssh")))
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, true); else File.Delete(entry);
            }
        }

        /// <summary>ssh -G's answer: each keyword with its values (identityfile repeats), or the error text when ssh refused the config.</summary>
        public (Dictionary<string, List<string>> Options, string Error) Resolve(string configPath, string host, params string[] extraArgs)
        {
            var args = new List<string> { "-G", "-F", configPath };
            args.AddRange(extraArgs);
            args.Add(host);
            var result = ExternalTool.Run("ssh", args, _environment, timeoutSeconds: 30);
            if (result.ExitCode != 0) return (null, (result.StdErr + result.StdOut).Trim());
            var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var line in result.StdOut.Split('\n'))
            {
                int space = line.IndexOf(' ');
                if (space <= 0) continue;
                string key = line.Substring(0, space);
                if (!options.TryGetValue(key, out var values)) options[key] = values = new List<string>();
                values.Add(line.Substring(space + 1));
            }
            return (options, null);
        }

        private static string FindNssWrapper()
        {
            if (File.Exists(NssWrapper)) return NssWrapper;
            var found = Directory.Exists("/usr/lib") ? Directory.EnumerateFiles("/usr/lib", "libnss_wrapper.so", SearchOption.AllDirectories).FirstOrDefault() : null;
            return found;
        }

        public void Dispose() => _root.Dispose();
    }
}
