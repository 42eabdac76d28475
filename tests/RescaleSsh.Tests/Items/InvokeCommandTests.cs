using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RescaleSsh.Tests.Connections;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Tests.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Items
{
    /// <summary>Invoke-RescaleCommand against a real sshd: results as data, bounded output, time limits, streaming.</summary>
    public class InvokeCommandTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public InvokeCommandTests(TransferServer fx) => _fx = fx;

        private ScriptResult Run(string script) => _fx.Run(script + " " + _fx.Connection(), ("dev", $"{_fx.Server.UserName}@127.0.0.1"));

        [Fact]
        public void A_non_zero_exit_is_data_with_output_lines_and_stderr_and_the_command_goes_as_typed()
        {
            var result = Run("Invoke-RescaleCommand $dev -Command 'printf \"one\\ntwo $HOME\\n\"; echo oops >&2; exit 3'");

            Assert.Empty(result.AllErrors);
            var r = result.Single<CommandResult>();
            Assert.Equal(3, r.ExitStatus);
            Assert.Equal(new[] { "one", "two " + _fx.Server.Home }, r.Output);
            Assert.Equal("oops\n", r.Error);
            Assert.False(r.TimedOut);
            Assert.False(r.OutputTruncated);
            Assert.Equal(_fx.Server.Port, r.Port);
        }

        [Fact]
        public void Fifty_megabytes_of_output_stop_at_the_cap_and_are_flagged_and_a_larger_cap_gets_them_all()
        {
            var capped = Run("Invoke-RescaleCommand $dev -Command 'head -c 52428800 /dev/zero | tr \"\\0\" x' -MaximumOutputBytes 1048576");
            Assert.Empty(capped.AllErrors);
            var c = capped.Single<CommandResult>();
            Assert.True(c.OutputTruncated);
            Assert.Null(c.ExitStatus);
            Assert.Equal(1048576, c.Output.Sum(l => l.Length));

            var whole = Run("Invoke-RescaleCommand $dev -Command 'head -c 52428800 /dev/zero | tr \"\\0\" x; echo' -MaximumOutputBytes 60000000");
            var w = whole.Single<CommandResult>();
            Assert.False(w.OutputTruncated);
            Assert.Equal(0, w.ExitStatus);
            Assert.Equal(52428800, Assert.Single(w.Output).Length);
        }

        [Fact]
        public void A_command_that_never_ends_is_stopped_at_the_time_limit_and_flagged()
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = Run("Invoke-RescaleCommand $dev -Command 'echo started; sleep 600' -TimeoutSec 2");
            clock.Stop();

            Assert.Empty(result.AllErrors);
            var r = result.Single<CommandResult>();
            Assert.True(r.TimedOut);
            Assert.Null(r.ExitStatus);
            Assert.Equal(new[] { "started" }, r.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), clock.Elapsed.ToString());
        }

        [Fact]
        public void Stream_writes_lines_as_they_arrive_then_the_result_without_them()
        {
            var result = Run("Invoke-RescaleCommand $dev -Command 'echo a; echo b' -Stream");
            Assert.Empty(result.AllErrors);
            Assert.Equal(new object[] { "a", "b" }, result.Output.Take(2).Select(o => o.BaseObject));
            var r = (CommandResult)result.Output[2].BaseObject;
            Assert.Empty(r.Output);
            Assert.Equal(0, r.ExitStatus);
        }

        [Fact]
        public void A_session_runs_the_command_over_its_connection()
        {
            var result = Run("$s = New-RescaleSession $dev " + _fx.Connection() + "; Invoke-RescaleCommand -Session $s -Command 'echo hi'; Remove-RescaleSession $s; #");
            Assert.Empty(result.AllErrors);
            var r = result.Single<CommandResult>();
            Assert.Equal(new[] { "hi" }, r.Output);
            Assert.NotNull(r.Session);
        }
    }

    /// <summary>Twenty devices on two sshd processes (one listens on at most 16 sockets), one of them down.</summary>
    public class InvokeCommandFleetTests
    {
        [Fact]
        public void Twenty_devices_with_one_down_give_19_results_and_one_error_naming_it()
        {
            using var lab = new DeviceLab(devices: 19);
            int dead = SshServer.FreePort();
            var devices = lab.Server.Ports.Select(p => $"{lab.Server.UserName}@127.0.0.1:{p}").ToList();
            devices.Insert(9, $"{lab.Server.UserName}@127.0.0.1:{dead}");
            using var ps = new PowerShellSession();
            var vars = lab.Variables();
            vars["devices"] = devices;

            var result = ps.Run("$devices | Invoke-RescaleCommand -Command 'echo $SSH_CONNECTION' -KeyFilePath $key -KnownHostsPath $kh -ThrottleLimit 8", vars);

            Assert.Equal(19, result.Output.Count);
            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("ConnectionRefused,RescaleSsh.Commands.InvokeRescaleCommandCommand", error.FullyQualifiedErrorId);
            Assert.Contains(dead.ToString(), error.TargetObject.ToString());
            var results = result.Output.Select(o => (CommandResult)o.BaseObject).ToList();
            Assert.All(results, r => Assert.Equal(0, r.ExitStatus));
            Assert.Equal(lab.Server.Ports.OrderBy(p => p), results.Select(r => r.Port).OrderBy(p => p));
            Assert.All(results, r => Assert.EndsWith(" " + r.Port, r.Output.Single()));
        }
    }
}
