using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.Connections
{
    public class SessionTests
    {
        private static string State(PowerShellSession ps, object session) =>
            ps.Run("$s.State.ToString()", ("s", session)).Output.Single().BaseObject.ToString();

        private static string PollState(PowerShellSession ps, object session, string wanted)
        {
            var clock = Stopwatch.StartNew();
            string state = State(ps, session);
            while (state != wanted && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Sleep(50);
                state = State(ps, session);
            }
            return state;
        }

        [Fact]
        public void A_session_is_listed_reused_by_id_and_closed_by_Remove()
        {
            using var lab = new DeviceLab();
            using var ps = new PowerShellSession();
            var open = ps.Run("$s = New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh; $s", lab.Variables());
            Assert.Empty(open.AllErrors);
            var session = open.Output.Single();
            Assert.Equal("RescaleSsh.Session", session.TypeNames[0]);
            Assert.Equal("Opened", session.Properties["State"].Value.ToString());
            Assert.Equal(lab.Server.Port, session.Properties["Port"].Value);
            int id = (int)session.Properties["Id"].Value;

            var byId = ps.Run("Get-RescaleSession -Id $id", ("id", id));
            Assert.Same(session.BaseObject, byId.Output.Single().BaseObject);
            Assert.Single(ps.Run("Get-RescaleSession -ComputerName '127.0.0.*'").Output, o => o.BaseObject == session.BaseObject);

            var removed = ps.Run("Remove-RescaleSession -Session $s; $s.State.ToString(); @(Get-RescaleSession | Where-Object Id -eq $s.Id).Count");
            Assert.Empty(removed.AllErrors);
            Assert.Equal("Closed", removed.Output[0].BaseObject);
            Assert.Equal(0, removed.Output[1].BaseObject);
        }

        private static int Connections(DeviceLab lab) => Regex.Matches(lab.Server.ReadLog(), "Connection from").Count;

        [Fact]
        public void Using_a_session_again_reuses_its_connection()
        {
            using var lab = new DeviceLab();
            using var ps = new PowerShellSession();
            var session = ps.Run("New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh", lab.Variables()).Output.Single();
            int opened = Connections(lab);

            var checks = ps.Run("Test-RescaleConnection -Session $s; $s | Test-RescaleConnection; Get-RescaleSession -Id $s.Id | Test-RescaleConnection", ("s", session));

            Assert.Empty(checks.AllErrors);
            Assert.Equal(3, checks.Output.Count);
            Assert.All(checks.Output, o => Assert.Equal(true, o.Properties["Authenticated"].Value));
            Assert.Equal(opened, Connections(lab));
            ps.Run("Remove-RescaleSession $s", ("s", session));
        }

        [Fact]
        public void Test_connection_reopens_a_broken_session_without_recording_its_host_key()
        {
            using var lab = new DeviceLab();
            using var ps = new PowerShellSession();
            var session = ps.Run("New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh", lab.Variables()).Output.Single();
            File.Delete(lab.KnownHostsPath); // recorded by New-RescaleSession (AcceptNew); now the host is unknown again
            lab.Server.DropConnections();
            Assert.Equal("Broken", PollState(ps, session.BaseObject, "Broken"));

            var check = ps.Run("$s | Test-RescaleConnection", ("s", session));

            Assert.Empty(check.AllErrors);
            Assert.Empty(check.Warnings);
            Assert.Equal(true, check.Prop(0, "Authenticated"));
            Assert.Equal("New", check.Prop(0, "HostKeyStatus").ToString());
            Assert.False(File.Exists(lab.KnownHostsPath), "Test-RescaleConnection must never record a host key");
            Assert.Equal("Opened", State(ps, session.BaseObject));
            ps.Run("Remove-RescaleSession $s", ("s", session));
        }

        [Fact]
        public void A_session_broken_by_the_server_is_reopened_on_next_use()
        {
            using var lab = new DeviceLab();
            using var ps = new PowerShellSession();
            var session = ps.Run("New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh", lab.Variables()).Output.Single();

            lab.Server.DropConnections();

            Assert.Equal("Broken", PollState(ps, session.BaseObject, "Broken"));
            var check = ps.Run("$s | Test-RescaleConnection", ("s", session));
            Assert.Empty(check.AllErrors);
            Assert.Equal(true, check.Prop(0, "Authenticated"));
            Assert.Equal("Known", check.Prop(0, "HostKeyStatus").ToString());
            Assert.Equal(lab.Server.HostKeyFingerprint, check.Prop(0, "HostKeyFingerprint"));
            Assert.Equal("Opened", State(ps, session.BaseObject));
            ps.Run("Remove-RescaleSession $s", ("s", session));
        }

        [Fact]
        public void An_unknown_session_id_is_SessionNotFound()
        {
            using var ps = new PowerShellSession();
            var error = Assert.Single(ps.Run("Get-RescaleSession -Id 987654").AllErrors);
            Assert.StartsWith("SessionNotFound,", error.FullyQualifiedErrorId);
            var remove = Assert.Single(ps.Run("Remove-RescaleSession -Id 987654").AllErrors);
            Assert.StartsWith("SessionNotFound,", remove.FullyQualifiedErrorId);
        }

        [Fact]
        public void Remove_session_honours_WhatIf()
        {
            using var lab = new DeviceLab();
            using var ps = new PowerShellSession();
            var result = ps.Run("$s = New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh; Remove-RescaleSession $s -WhatIf; $s.State.ToString(); Remove-RescaleSession $s", lab.Variables());
            Assert.Empty(result.AllErrors);
            Assert.Equal("Opened", result.Output.Last().BaseObject);
        }
    }

    /// <summary>Sessions belong to the runspace that opened them, as PSSessions do.</summary>
    public class RunspaceSessionTests
    {
        [Fact]
        public void Removing_the_module_closes_the_sessions_of_that_runspace_only_and_the_other_runspace_goes_on()
        {
            using var lab = new DeviceLab();
            using var first = new PowerShellSession();
            using var second = new PowerShellSession();
            var mine = first.Run("New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh", lab.Variables()).Output.Single();
            var theirs = second.Run("New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh", lab.Variables()).Output.Single();

            first.Run("Remove-Module RescaleSsh");

            Assert.Equal("Closed", ((RescaleSsh.Session)mine.BaseObject).State.ToString());
            Assert.Equal("Opened", ((RescaleSsh.Session)theirs.BaseObject).State.ToString());
            var stillWorks = second.Run("@(Get-RescaleAuthorizedKey -Session (Get-RescaleSession)).Count");
            Assert.Empty(stillWorks.AllErrors);
            Assert.Equal(1, (int)stillWorks.Output.Single().BaseObject);
        }

        [Fact]
        public void Each_runspace_lists_and_numbers_only_its_own_sessions()
        {
            using var lab = new DeviceLab();
            using var first = new PowerShellSession();
            using var second = new PowerShellSession();
            first.Run("New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh; New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh", lab.Variables());

            var theirs = second.Run("Get-RescaleSession");
            var fresh = second.Run("(New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh).Id", lab.Variables());
            var mine = first.Run("(Get-RescaleSession).Id");

            Assert.Empty(theirs.Output);
            Assert.Equal(1, (int)fresh.Output.Single().BaseObject);
            Assert.Equal(new[] { 1, 2 }, mine.Output.Select(o => (int)o.BaseObject));
        }

        [Fact]
        public void Closing_a_runspace_closes_its_sessions()
        {
            using var lab = new DeviceLab();
            var ps = new PowerShellSession();
            var session = (RescaleSsh.Session)ps.Run("New-RescaleSession $device -KeyFilePath $key -KnownHostsPath $kh", lab.Variables()).Output.Single().BaseObject;

            ps.Dispose();

            Assert.Equal("Closed", session.State.ToString());
        }
    }
}
