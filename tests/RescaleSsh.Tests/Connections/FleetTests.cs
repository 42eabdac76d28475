using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    public class FleetTests
    {
        /// <summary>CSV-shaped rows (ServerIP, HostId, Port) for every device of the lab plus one dead port.</summary>
        private static (List<PSObject> Rows, int DeadPort) Devices(DeviceLab lab)
        {
            int dead = SshServer.FreePort();
            var rows = lab.Server.Ports.Select(p => Row(lab.Server.UserName, p)).ToList();
            rows.Insert(System.Math.Min(7, rows.Count), Row(lab.Server.UserName, dead));
            return (rows, dead);
        }

        private static PSObject Row(string user, int port)
        {
            var row = new PSObject();
            row.Properties.Add(new PSNoteProperty("ServerIP", "127.0.0.1"));
            row.Properties.Add(new PSNoteProperty("HostId", user));
            row.Properties.Add(new PSNoteProperty("Port", port.ToString()));
            return row;
        }

        [Fact]
        public void Twenty_devices_from_csv_rows_give_20_rows_in_input_order_and_known_hosts_gets_exactly_19_lines()
        {
            using var lab = new DeviceLab(devices: 19);
            var (rows, dead) = Devices(lab);
            using var ps = new PowerShellSession();
            var vars = lab.Variables();
            vars["rows"] = rows;

            var test = ps.Run("$rows | Test-RescaleConnection -KeyFilePath $key -KnownHostsPath $kh -ThrottleLimit 8", vars);

            // One row per device in input order, as Test-Connection gives them; the dead one is a row, not an error (issue 9).
            Assert.True(test.Output.Count == 20 && !test.AllErrors.Any(), test.ToString());
            Assert.Equal(rows.Select(r => int.Parse((string)r.Properties["Port"].Value)), test.Output.Select(o => (int)o.Properties["Port"].Value));
            Assert.All(test.Output, o => Assert.Equal((int)o.Properties["Port"].Value != dead, o.Properties["Authenticated"].Value));
            Assert.Contains("connection refused", (string)test.Output.Single(o => (int)o.Properties["Port"].Value == dead).Properties["Error"].Value);
            Assert.False(File.Exists(lab.KnownHostsPath), "Test-RescaleConnection must never record a host key");

            var open = ps.Run("$rows | New-RescaleSession -KeyFilePath $key -KnownHostsPath $kh -ThrottleLimit 8 | ForEach-Object { $_; Remove-RescaleSession $_ }", vars);

            Assert.True(open.Output.Count == 19, open.ToString());
            Assert.Single(open.AllErrors);
            string text = File.ReadAllText(lab.KnownHostsPath);
            Assert.EndsWith("\n", text);
            var lines = text.TrimEnd('\n').Split('\n');
            Assert.Equal(19, lines.Length);
            var hostKey = lab.Server.HostKeyPublicLine.Split(' ');
            Assert.Equal(lab.Server.Ports.Select(p => $"[127.0.0.1]:{p} {hostKey[0]} {hostKey[1]}").OrderBy(l => l), lines.OrderBy(l => l));
            Assert.Equal(19, open.Warnings.Count);

            // OpenSSH itself accepts the concurrently written file for a device in the middle of the fleet.
            var ssh = lab.Server.Ssh(lab.KeyPath, lab.KnownHostsPath, "true", "yes", portIndex: 11);
            Assert.True(ssh.ExitCode == 0, ssh.StdErr);
        }

        [Fact]
        public void Quiet_gives_true_or_false_per_device_without_errors()
        {
            using var lab = new DeviceLab(devices: 2);
            var (rows, _) = Devices(lab);
            using var ps = new PowerShellSession();
            var vars = lab.Variables();
            vars["rows"] = rows;
            var result = ps.Run("$rows | Test-RescaleConnection -KeyFilePath $key -KnownHostsPath $kh -Quiet", vars);
            Assert.Empty(result.AllErrors);
            Assert.Equal(new[] { false, true, true }, result.Output.Select(o => (bool)o.BaseObject).OrderBy(b => b));
        }

        [Fact]
        public void A_device_that_answers_is_reported_while_a_silent_one_is_still_waiting()
        {
            using var lab = new DeviceLab(devices: 1);
            using var silent = new NotSshServer(silent: true);
            using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(
                System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2());
            runspace.Open();
            foreach (var variable in lab.Variables()) runspace.SessionStateProxy.SetVariable(variable.Key, variable.Value);
            // Rows come in input order (issue 9): the answering device comes first, so its row may stream at once.
            runspace.SessionStateProxy.SetVariable("devices", new[] { lab.Server.Device, $"{lab.Server.UserName}@127.0.0.1:{silent.Port}" });
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript($"Import-Module '{ModuleUnderTest.ManifestPath}'; $devices | Test-RescaleConnection -KeyFilePath $key -KnownHostsPath $kh -ConnectTimeout 60");
            var output = new PSDataCollection<PSObject>();
            var seen = new System.Threading.ManualResetEventSlim();
            int errorsWhenSeen = -1;
            PSInvocationState stateWhenSeen = PSInvocationState.NotStarted;
            output.DataAdded += (_, _) =>
            {
                errorsWhenSeen = ps.Streams.Error.Count;
                stateWhenSeen = ps.InvocationStateInfo.State;
                seen.Set();
            };

            var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
            bool arrived = seen.Wait(System.TimeSpan.FromSeconds(45));
            ps.Stop();
            running.AsyncWaitHandle.WaitOne(System.TimeSpan.FromSeconds(30));

            Assert.True(arrived, "the answering device's result did not arrive while the silent one was waiting");
            Assert.Equal(lab.Server.Port, (int)output[0].Properties["Port"].Value);
            Assert.Equal(PSInvocationState.Running, stateWhenSeen);
            Assert.Equal(0, errorsWhenSeen);
            Assert.Equal(1, silent.Accepted);
        }
    }
}
