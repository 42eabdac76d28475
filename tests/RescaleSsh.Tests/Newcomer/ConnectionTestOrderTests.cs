using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.Connections;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// Issue 9 items 5 and 8: Test-RescaleConnection gives one row per input device, in input order, as Test-Connection
    /// does (a down device is a row, so `| Export-Csv` keeps it), -Quiet one bool per device in input order, and -Verbose
    /// says which devices it tests and what it concluded.
    /// </summary>
    public sealed class ConnectionTestOrderTests : System.IDisposable
    {
        private readonly DeviceLab _lab = new DeviceLab(devices: 2);
        private readonly PowerShellSession _ps = new PowerShellSession();

        private string Device(int port) => $"{_lab.Server.UserName}@127.0.0.1:{port}";

        private ScriptResult Test(IEnumerable<string> devices, string extra = "")
        {
            var vars = _lab.Variables();
            vars["devices"] = devices.ToArray();
            return _ps.Run("$devices | Test-RescaleConnection -KeyFilePath $key -KnownHostsPath $kh " + extra, vars);
        }

        [Fact]
        public void A_slow_device_first_still_gives_the_rows_in_input_order_and_a_down_device_is_a_row_without_an_error()
        {
            using var silent = new NotSshServer(silent: true);
            int dead = SshServer.FreePort();
            var devices = new[] { Device(silent.Port), Device(_lab.Server.Ports[0]), Device(dead), Device(_lab.Server.Ports[1]) };

            var result = Test(devices, "-ConnectTimeout 8");

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal(new[] { silent.Port, _lab.Server.Ports[0], dead, _lab.Server.Ports[1] }, result.Output.Select(o => (int)o.Properties["Port"].Value));
            Assert.Equal(new object[] { false, true, false, true }, result.Output.Select(o => o.Properties["Reachable"].Value));
            Assert.Equal(new object[] { false, true, false, true }, result.Output.Select(o => o.Properties["Authenticated"].Value));
            Assert.Contains("within 8 s", (string)result.Prop(0, "Error"));
            Assert.Contains("connection refused", (string)result.Prop(2, "Error"));
            Assert.Null(result.Prop(1, "Error"));
        }

        [Fact]
        public void Quiet_gives_one_bool_per_device_in_input_order()
        {
            int dead = SshServer.FreePort();

            var result = Test(new[] { Device(dead), Device(_lab.Server.Ports[0]), Device(dead), Device(_lab.Server.Ports[1]) }, "-Quiet");

            Assert.True(!result.AllErrors.Any(), result.ToString());
            Assert.Equal(new object[] { false, true, false, true }, result.Output.Select(o => o.BaseObject));
        }

        [Fact]
        public void A_name_that_cannot_be_resolved_is_a_row_and_an_error_as_Test_Connection_gives_one()
        {
            var result = Test(new[] { $"{_lab.Server.UserName}@no-such-device.invalid", Device(_lab.Server.Port) });

            Assert.Equal(2, result.Output.Count);
            Assert.Equal("no-such-device.invalid", result.Prop(0, "ComputerName"));
            Assert.Equal(false, result.Prop(0, "Reachable"));
            Assert.Contains("cannot be resolved", (string)result.Prop(0, "Error"));
            Assert.Equal(true, result.Prop(1, "Authenticated"));
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("HostNotFound,", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void Input_that_names_no_device_is_an_error_and_with_Quiet_also_false_in_its_place()
        {
            var result = Test(new[] { "user@", Device(_lab.Server.Port) }, "-Quiet");

            Assert.Equal(new object[] { false, true }, result.Output.Select(o => o.BaseObject));
            Assert.StartsWith("DeviceInvalid,", Assert.Single(result.AllErrors).FullyQualifiedErrorId);
        }

        [Fact]
        public void The_rows_of_down_devices_reach_Export_Csv()
        {
            using var folder = new TempFolder();
            using var hosted = new HostedSession();
            string csv = folder.Combine("health.csv");
            int dead = SshServer.FreePort();
            var vars = _lab.Variables();
            vars["devices"] = new[] { Device(dead), Device(_lab.Server.Port) };
            vars["csv"] = csv;

            var result = hosted.Run("$devices | Test-RescaleConnection -KeyFilePath $key -KnownHostsPath $kh | Export-Csv -LiteralPath $csv", vars);

            Assert.True(!result.AllErrors.Any(), result.ToString());
            var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',').Take(5).Select(f => f.Trim('"')).ToArray()).ToList();
            Assert.Equal(2, rows.Count);
            Assert.Equal(new[] { "127.0.0.1", _lab.Server.UserName, dead.ToString(), "False", "False" }, rows[0]);
            Assert.Equal(new[] { "127.0.0.1", _lab.Server.UserName, _lab.Server.Port.ToString(), "True", "True" }, rows[1]);
        }

        [Fact]
        public void Verbose_names_each_device_and_what_was_concluded()
        {
            using var silent = new NotSshServer(silent: true);
            var result = Test(new[] { Device(silent.Port), Device(_lab.Server.Port) }, "-ConnectTimeout 8 -Verbose");

            Assert.True(!result.AllErrors.Any(), result.ToString());
            string verbose = string.Join("\n", result.Verbose);
            Assert.Contains($"Testing {Device(silent.Port)}", verbose);
            Assert.Contains($"Testing {Device(_lab.Server.Port)}", verbose);
            Assert.Contains($"{Device(_lab.Server.Port)} is done; its result waits for {Device(silent.Port)}", verbose);
            Assert.Contains($"{Device(silent.Port)}: not reachable.", verbose);
            Assert.Contains($"{Device(_lab.Server.Port)}: reachable (", verbose);
            Assert.Contains(_lab.Server.HostKeyFingerprint, verbose);
            Assert.Contains("logged in", verbose);
            Assert.Contains("Tested 2 device(s): 1 reachable, 1 logged in.", verbose);
        }

        public void Dispose()
        {
            _ps.Dispose();
            _lab.Dispose();
        }
    }
}
