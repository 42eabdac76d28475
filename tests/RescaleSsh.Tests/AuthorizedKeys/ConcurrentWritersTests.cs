using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using RescaleSsh.Tests.Infrastructure;
using Xunit;

namespace RescaleSsh.Tests.AuthorizedKeys
{
    /// <summary>Many writers on one device at once (16 runspaces in parallel) never lose a key or an existing line.</summary>
    public class ConcurrentWritersTests : IDisposable
    {
        private const int Writers = 16;
        private readonly AuthorizedKeysTestBed _bed = new AuthorizedKeysTestBed();
        private readonly List<PowerShellSession> _sessions = new List<PowerShellSession>();

        public ConcurrentWritersTests()
        {
            var created = new PowerShellSession[Writers];
            Parallel.For(0, Writers, i => created[i] = new PowerShellSession());
            _sessions.AddRange(created);
        }

        private ScriptResult[] RunAll(Func<int, string> script)
        {
            var tasks = Enumerable.Range(0, Writers).Select(i => Task.Run(() => _sessions[i].Run(script(i)))).ToArray();
            Assert.True(Task.WaitAll(tasks, TimeSpan.FromMinutes(2)), "the writers did not finish within 2 minutes");
            return tasks.Select(t => t.Result).ToArray();
        }

        private static int Count(string text, string line) =>
            text.Split('\n').Count(l => l == line);

        [Fact]
        public void Sixteen_concurrent_Adds_of_sixteen_keys_keep_each_key_exactly_once_and_every_existing_line()
        {
            byte[] original = _bed.AwkwardFile();
            _bed.WriteAuthorizedKeys(original);
            string[] keys = Enumerable.Range(0, Writers).Select(i => _bed.NewKey($"writer-{i}")).ToArray();

            var results = RunAll(i => $"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{keys[i]}.pub'");

            foreach (var r in results)
            {
                Assert.True(!r.AllErrors.Any(), r.ToString());
                Assert.Equal("Added", r.Prop(0, "Status").ToString());
            }
            byte[] after = _bed.ReadBytes();
            byte[] prefix = original.Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
            Assert.Equal(prefix, after.Take(prefix.Length).ToArray());
            string added = Encoding.UTF8.GetString(after, prefix.Length, after.Length - prefix.Length);
            Assert.Equal(keys.Select(AuthorizedKeysTestBed.PublicLine).OrderBy(l => l, StringComparer.Ordinal),
                added.TrimEnd('\n').Split('\n').OrderBy(l => l, StringComparer.Ordinal));
            Assert.Equal(0x180, AuthorizedKeysTestBed.Mode(_bed.AuthorizedKeysPath));
            Assert.False(System.IO.File.Exists(_bed.AuthorizedKeysPath + ".rescalessh.lock"));
        }

        [Fact]
        public void Sixteen_writers_racing_to_break_a_dead_writers_lock_keep_every_key()
        {
            // Every writer finds the same stale lock at once, so they all try to break it while the first of them
            // already holds a fresh lock: a breaker must never take a live writer's lock away.
            string lockPath = _bed.AuthorizedKeysPath + ".rescalessh.lock";
            System.IO.File.WriteAllText(lockPath, "rescalessh deadbeef other-host 1234\n");
            _bed.Server.GiveToUser(lockPath);
            System.IO.File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow.AddMinutes(-5));
            string before = _bed.ReadText();
            string[] keys = Enumerable.Range(0, Writers).Select(i => _bed.NewKey($"racer-{i}")).ToArray();

            var results = RunAll(i => $"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{keys[i]}.pub'");

            foreach (var r in results)
            {
                Assert.True(!r.AllErrors.Any(), r.ToString());
                Assert.Equal("Added", r.Prop(0, "Status").ToString());
            }
            string after = _bed.ReadText();
            Assert.StartsWith(before, after);
            foreach (var k in keys) Assert.Equal(1, Count(after, AuthorizedKeysTestBed.PublicLine(k)));
            Assert.Equal(new[] { "authorized_keys" }, System.IO.Directory.GetFiles(_bed.SshFolder).Select(System.IO.Path.GetFileName));
        }

        [Fact]
        public void Adds_and_Removes_interleaved_from_sixteen_runspaces_lose_nothing()
        {
            string[] doomed = Enumerable.Range(0, Writers / 2).Select(i => _bed.NewKey($"doomed-{i}")).ToArray();
            foreach (var k in doomed) _bed.Server.AuthorizeKey(AuthorizedKeysTestBed.PublicLine(k));
            _bed.Server.AuthorizeKey("# a comment that must stay");
            string before = _bed.ReadText();
            string[] fresh = Enumerable.Range(0, Writers / 2).Select(i => _bed.NewKey($"fresh-{i}")).ToArray();

            var results = RunAll(i => i % 2 == 0
                ? $"Add-RescaleAuthorizedKey {_bed.Device()} -PublicKeyPath '{fresh[i / 2]}.pub'"
                : $"Remove-RescaleAuthorizedKey {_bed.Device()} -Fingerprint '{AuthorizedKeysTestBed.Fingerprint(doomed[i / 2])}' -Confirm:$false");

            for (int i = 0; i < Writers; i++)
            {
                Assert.True(!results[i].AllErrors.Any(), results[i].ToString());
                Assert.Equal(i % 2 == 0 ? "Added" : "Removed", results[i].Prop(0, "Status").ToString());
            }
            string after = _bed.ReadText();
            foreach (var k in doomed) Assert.Equal(0, Count(after, AuthorizedKeysTestBed.PublicLine(k)));
            foreach (var k in fresh) Assert.Equal(1, Count(after, AuthorizedKeysTestBed.PublicLine(k)));
            Assert.Equal(1, Count(after, _bed.LoginPublicLine));
            Assert.Equal(1, Count(after, "# a comment that must stay"));
            // The surviving old lines keep their order at the top.
            Assert.StartsWith(_bed.LoginPublicLine + "\n# a comment that must stay\n", after);
            Assert.Equal(before.Split('\n').Length - doomed.Length + fresh.Length, after.Split('\n').Length);
        }

        public void Dispose()
        {
            foreach (var s in _sessions) s.Dispose();
            _bed.Dispose();
        }
    }
}
