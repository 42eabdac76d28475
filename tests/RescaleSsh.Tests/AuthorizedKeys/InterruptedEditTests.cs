using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using RescaleSsh.AuthorizedKeys;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>
    /// Connections cut at many points during Add and Remove (a fault-injecting TCP proxy): the file is always
    /// the old or the new complete version, and a rerun finishes. A dead writer's lock is broken once stale.
    /// </summary>
    [Collection(SerialCollection.Name)]
    public class InterruptedEditTests : IDisposable
    {
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly PowerShellSession _ps = new PowerShellSession();
        private readonly FaultInjectingProxy _proxy;

        public InterruptedEditTests()
        {
            _proxy = new FaultInjectingProxy(_bed.Server.Port);
            File.AppendAllText(_bed.KnownHosts, $"[127.0.0.1]:{_proxy.Port} {_bed.Server.HostKeyPublicLine}\n");
        }

        private string ViaProxy =>
            $"-ComputerName 127.0.0.1 -UserName {_bed.Server.UserName} -Port {_proxy.Port} -KeyFilePath '{_bed.LoginKey}' -KnownHostsPath '{_bed.KnownHosts}' -ConnectTimeout 10";

        private string LockPath => _bed.AuthorizedKeysPath + ".rescalessh.lock";

        [Fact]
        public void Cuts_at_many_points_during_Add_and_Remove_leave_the_old_or_the_new_file_and_a_rerun_finishes()
        {
            // A writer killed while holding the lock leaves it behind; keep the wait for it short in this test.
            _ps.Hooks.StaleLockAge = TimeSpan.FromSeconds(1);
            byte[] original = _bed.AwkwardFile();
            _bed.WriteAuthorizedKeys(original);
            string key = _bed.NewKey("cut-test");
            string fingerprint = AuthorizedKeysTestBed.Fingerprint(key);
            string add = $"Add-RescaleAuthorizedKey {ViaProxy} -PublicKeyPath '{key}.pub'";
            string remove = $"Remove-RescaleAuthorizedKey {ViaProxy} -Fingerprint '{fingerprint}' -Confirm:$false";

            // Measure the bytes of a connection that only reads, and of complete Add and Remove runs.
            _proxy.ResetCounters();
            Assert.Empty(_ps.Run($"Get-RescaleAuthorizedKey {ViaProxy}").AllErrors);
            long readOnly = _proxy.TotalBytes;
            _proxy.ResetCounters();
            Assert.Equal("Added", _ps.Run(add).Prop(0, "Status").ToString());
            long addBytes = _proxy.TotalBytes;
            byte[] withKey = _bed.ReadBytes();
            _proxy.ResetCounters();
            Assert.Equal("Removed", _ps.Run(remove).Prop(0, "Status").ToString());
            long removeBytes = _proxy.TotalBytes;
            Assert.Equal(original.Concat(new[] { (byte)'\n' }).ToArray(), _bed.ReadBytes());
            byte[] without = _bed.ReadBytes();

            // A few cuts during connection set-up, then dense ones through the edit itself.
            var points = new List<(string What, long At)>();
            foreach (long at in CutPoints(readOnly, addBytes)) points.Add(("add", at));
            foreach (long at in CutPoints(readOnly, removeBytes)) points.Add(("remove", at));
            int cutsThatFailed = 0;
            foreach (var (what, at) in points)
            {
                byte[] old = what == "add" ? without : withKey;
                byte[] @new = what == "add" ? withKey : without;
                _bed.WriteAuthorizedKeys(old);
                _proxy.ResetCounters();
                _proxy.CutAfterBytes = at;
                var cut = _ps.Run(what == "add" ? add : remove);
                _proxy.CutAfterBytes = null;
                if (cut.AllErrors.Any()) cutsThatFailed++;

                byte[] now = _bed.ReadBytes();
                Assert.True(now.SequenceEqual(old) || now.SequenceEqual(@new), $"{what} cut at {at} bytes left a file that is neither the old nor the new one");

                var rerun = _ps.Run(what == "add" ? add : remove);
                Assert.True(!rerun.AllErrors.Any(), $"{what} rerun after a cut at {at}: {rerun}");
                Assert.Equal(@new, _bed.ReadBytes());
                // A run cut after its rename but before releasing leaves its lock; the rerun then has nothing to write,
                // and the next writer breaks the stale lock (the next iteration does exactly that).
                Assert.Equal(0x180, AuthorizedKeysTestBed.Mode(_bed.AuthorizedKeysPath));
            }
            string last = _bed.NewKey("after-the-cuts");
            var final = _ps.Run($"Add-RescaleAuthorizedKey {ViaProxy} -PublicKeyPath '{last}.pub'");
            Assert.True(!final.AllErrors.Any(), final.ToString());
            Assert.False(File.Exists(LockPath));
            Assert.Empty(Directory.GetFiles(_bed.SshFolder, "*.stale"));
            Assert.True(cutsThatFailed > points.Count / 2, $"only {cutsThatFailed} of {points.Count} cuts broke a run: the cut points miss the edit");
        }

        private static IEnumerable<long> CutPoints(long readOnly, long total)
        {
            foreach (long early in new[] { 200L, readOnly / 3, readOnly * 2 / 3 }) yield return early;
            long start = Math.Max(1, readOnly - 600);
            const int dense = 10;
            for (int i = 0; i < dense; i++) yield return start + (total - start) * i / dense;
        }

        [Fact]
        public void A_lock_left_by_a_dead_writer_is_broken_once_stale_with_the_default_timings()
        {
            File.WriteAllText(LockPath, "rescalessh deadbeef other-host 1234\n");
            _bed.Server.GiveToUser(LockPath);
            File.SetLastWriteTimeUtc(LockPath, DateTime.UtcNow.AddMinutes(-5));
            string key = _bed.NewKey("after-stale-lock");

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'");

            Assert.Empty(result.AllErrors);
            Assert.Equal("Added", result.Prop(0, "Status").ToString());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
            Assert.False(File.Exists(LockPath));
            Assert.Empty(Directory.GetFiles(_bed.SshFolder, "*.stale"));
        }

        [Fact]
        public void A_stale_lock_and_the_marker_of_a_breaker_that_died_are_both_cleared()
        {
            foreach (string path in new[] { LockPath, LockPath + ".break" })
            {
                File.WriteAllText(path, "rescalessh deadbeef other-host 1234\n");
                _bed.Server.GiveToUser(path);
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5));
            }
            string key = _bed.NewKey("after-dead-breaker");

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'");

            Assert.Empty(result.AllErrors);
            Assert.Equal("Added", result.Prop(0, "Status").ToString());
            Assert.EndsWith("\n" + AuthorizedKeysTestBed.PublicLine(key) + "\n", _bed.ReadText());
            Assert.Equal(new[] { "authorized_keys" }, Directory.GetFiles(_bed.SshFolder).Select(Path.GetFileName));
        }

        [Fact]
        public void A_live_lock_that_is_never_released_gives_AuthorizedKeysLocked_and_changes_nothing()
        {
            _ps.Hooks.LockTimeout = TimeSpan.FromSeconds(2);
            File.WriteAllText(LockPath, "rescalessh cafe other-host 1234\n");
            _bed.Server.GiveToUser(LockPath);
            File.SetLastWriteTimeUtc(LockPath, DateTime.UtcNow.AddMinutes(10)); // stays "fresh" throughout
            byte[] before = _bed.ReadBytes();
            string key = _bed.NewKey("blocked");

            var result = _ps.Run($"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{key}.pub'");

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("AuthorizedKeysLocked,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
            Assert.Equal(before, _bed.ReadBytes());
            Assert.True(File.Exists(LockPath));
            Assert.Equal(new[] { "authorized_keys", "authorized_keys.rescalessh.lock" },
                Directory.GetFiles(_bed.SshFolder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        }

        public void Dispose()
        {
            _proxy.Dispose();
            _ps.Dispose();
            _bed.Dispose();
        }
    }
}
