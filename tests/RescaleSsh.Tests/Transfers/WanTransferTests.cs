using System;
using System.IO;
using System.Linq;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// Issue 14: transfers over a long link. Small files travel chained and many at once, sized by the measured round
    /// trip; a large upload is written in ranges over extra SFTP channels of its connection, survives losing one, resumes
    /// after losing the link, falls back to the channels a device allows, and several at once share a bounded set of
    /// channels. Links are made long with <see cref="DelayProxy"/>.
    /// </summary>
    public class WanTransferTests : IClassFixture<TransferServer>
    {
        private readonly TransferServer _fx;

        public WanTransferTests(TransferServer fx)
        {
            _fx = fx;
        }

        private string Through(DelayProxy proxy) => _fx.Connection(proxy.Port);

        /// <summary>The hooks the ranged-upload tests set, back to their defaults for the tests that share the fixture.</summary>
        private void ResetRangeHooks()
        {
            _fx.PowerShell.Hooks.UploadConnections = 0;
            _fx.PowerShell.Hooks.ExtraChannelOpened = null;
            _fx.PowerShell.Hooks.ExtraChannelsIdleGrace = new EngineHooks().ExtraChannelsIdleGrace;
            _fx.PowerShell.Hooks.BeforeCopy = null;
            _fx.PowerShell.Hooks.JournalRecordWritten = null;
        }

        private static void AssertNoLeftovers(string folder) =>
            Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(folder, ".*", SearchOption.AllDirectories), p => p.Contains(".rsh-", StringComparison.Ordinal));

        [Fact]
        public void Small_files_over_a_long_link_arrive_whole_with_their_times_and_the_round_trip_sizes_the_files_in_flight()
        {
            using var proxy = DelayProxy.ForRoundTrip(_fx.Server.Port, 20);
            using var local = new TempFolder();
            string src = local.Combine("src");
            Directory.CreateDirectory(src);
            for (int i = 0; i < 40; i++)
            {
                string file = Path.Combine(src, $"f{i:D2}.bin");
                TransferServer.WriteRandomFile(file, 100 + i * 1500, seed: i);
                File.SetLastWriteTimeUtc(file, TransferServer.OldTime.AddMinutes(i));
            }
            string remote = _fx.NewRemoteFolder();

            var up = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Recurse -Verbose {Through(proxy)}", ("src", src + "/*"), ("dst", _fx.Remote(remote + "/")));

            Assert.Empty(up.AllErrors);
            Assert.Equal(40, up.Output.Count);
            Assert.Contains(up.Verbose, line => line.StartsWith("Round trip to ", StringComparison.Ordinal) && line.EndsWith(" ms.", StringComparison.Ordinal));
            // 1.5 files per millisecond of round trip (at least 20 ms here): more than the 8 of a short link.
            int width = int.Parse(up.Verbose.Single(l => l.StartsWith("Small files: up to ", StringComparison.Ordinal)).Split(' ')[4]);
            Assert.InRange(width, 30, 128);
            for (int i = 0; i < 40; i++)
            {
                string sent = Path.Combine(src, $"f{i:D2}.bin"), arrived = _fx.HomePath(Path.Combine(remote, $"f{i:D2}.bin"));
                Assert.Equal(File.ReadAllBytes(sent), File.ReadAllBytes(arrived));
                Assert.Equal(TransferServer.OldTime.AddMinutes(i), File.GetLastWriteTimeUtc(arrived));
            }
            AssertNoLeftovers(_fx.HomePath(remote));

            string back = local.Combine("back");
            var down = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Recurse {Through(proxy)}", ("src", _fx.Remote(remote)), ("dst", back));

            Assert.Empty(down.AllErrors);
            for (int i = 0; i < 40; i++)
            {
                string arrived = Path.Combine(back, $"f{i:D2}.bin");
                Assert.Equal(File.ReadAllBytes(Path.Combine(src, $"f{i:D2}.bin")), File.ReadAllBytes(arrived));
                Assert.Equal(TransferServer.OldTime.AddMinutes(i), File.GetLastWriteTimeUtc(arrived));
            }
            AssertNoLeftovers(back);
        }

        [Fact]
        public void A_throttle_limit_the_user_gives_bounds_the_small_files_in_flight()
        {
            using var proxy = DelayProxy.ForRoundTrip(_fx.Server.Port, 20);
            using var local = new TempFolder();
            for (int i = 0; i < 3; i++) File.WriteAllText(local.Combine($"s{i}.txt"), "small " + i);
            string remote = _fx.NewRemoteFolder();

            var up = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -ThrottleLimit 3 -Verbose {Through(proxy)}", ("src", local.Path + "/*"), ("dst", _fx.Remote(remote + "/")));

            Assert.Empty(up.AllErrors);
            Assert.Contains("Small files: up to 3 in flight.", up.Verbose);
            Assert.Equal("small 2", File.ReadAllText(_fx.HomePath(Path.Combine(remote, "s2.txt"))));
        }

        [Fact]
        public void A_large_file_uploaded_in_ranges_over_several_channels_is_byte_exact()
        {
            using var local = new TempFolder();
            string big = local.Combine("big.bin");
            TransferServer.WriteRandomFile(big, 37L * 1024 * 1024 + 12345, seed: 14);
            File.SetLastWriteTimeUtc(big, TransferServer.OldTime);
            string remote = _fx.NewRemoteFolder();
            _fx.PowerShell.Hooks.UploadConnections = 4;
            try
            {
                var up = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Verify -Verbose {_fx.Connection()}", ("src", big), ("dst", _fx.Remote(remote + "/")));

                Assert.Empty(up.AllErrors);
                Assert.Contains(up.Verbose, line => line.Contains("in ranges over up to 4 SFTP channels", StringComparison.Ordinal));
                string arrived = _fx.HomePath(Path.Combine(remote, "big.bin"));
                Assert.Equal(TransferServer.Sha256(big), TransferServer.Sha256(arrived));
                Assert.Equal(TransferServer.Sha256(big), ((TransferResult)up.Output.Single().BaseObject).Sha256);
                Assert.Equal(TransferServer.OldTime, File.GetLastWriteTimeUtc(arrived));
                AssertNoLeftovers(_fx.HomePath(remote));
            }
            finally
            {
                ResetRangeHooks();
            }
        }

        [Fact]
        public async System.Threading.Tasks.Task Several_large_files_uploaded_in_ranges_at_once_share_a_bounded_set_of_channels_and_all_arrive()
        {
            // Four files at once, each wanting three extra channels: twelve, more than the ten channels SSH.NET lets one
            // connection hold (it waits, without a time limit, for a free one). The extras are capped, so none waits.
            using var local = new TempFolder();
            var files = Enumerable.Range(0, 4).Select(i => TransferServer.WriteRandomFile(local.Combine($"big{i}.bin"), 20L * 1024 * 1024 + i, seed: 40 + i)).ToArray();
            string remote = _fx.NewRemoteFolder();
            _fx.PowerShell.Hooks.UploadConnections = 4;
            var opened = new System.Collections.Generic.List<SftpChannel>();
            int most = 0;
            _fx.PowerShell.Hooks.ExtraChannelOpened = channel =>
            {
                lock (opened)
                {
                    opened.Add((SftpChannel)channel);
                    most = Math.Max(most, opened.Count(c => c.IsOpen));
                }
            };
            try
            {
                var copy = System.Threading.Tasks.Task.Run(() =>
                    _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -ThrottleLimit 4 {_fx.Connection()}", ("src", local.Path + "/*"), ("dst", _fx.Remote(remote + "/"))));
                var first = await System.Threading.Tasks.Task.WhenAny(copy, System.Threading.Tasks.Task.Delay(TimeSpan.FromMinutes(2)));
                Assert.True(first == copy, "the four uploads did not finish within two minutes (waiting for a channel?)");
                var result = await copy;

                Assert.Empty(result.AllErrors);
                Assert.Equal(4, result.Output.Count);
                foreach (var file in files) Assert.Equal(TransferServer.Sha256(file), TransferServer.Sha256(_fx.HomePath(Path.Combine(remote, Path.GetFileName(file)))));
                Assert.InRange(most, 1, ExtraChannels.Most);
                AssertNoLeftovers(_fx.HomePath(remote));
            }
            finally
            {
                ResetRangeHooks();
            }
        }

        /// <summary>
        /// Uploads a 40 MiB file <paramref name="copies"/> times in a row in ranges over 4 channels through a session (which
        /// keeps its connection after the copy, so channels still open were left open by the copies; they may stay idle
        /// for 3 s) and hands <paramref name="check"/> the last result, the extra channels opened and the session's state
        /// once the channels are all closed or 20 s have passed.
        /// </summary>
        private void UploadInRangesThroughSession(string remote, int seed, int copies, Action<ScriptResult, SftpChannel[], string> check)
        {
            using var local = new TempFolder();
            string big = TransferServer.WriteRandomFile(local.Combine("big.bin"), 40L * 1024 * 1024, seed);
            var opened = new System.Collections.Concurrent.ConcurrentBag<SftpChannel>();
            _fx.PowerShell.Hooks.UploadConnections = 4;
            _fx.PowerShell.Hooks.ExtraChannelOpened = channel => opened.Add((SftpChannel)channel);
            _fx.PowerShell.Hooks.ExtraChannelsIdleGrace = TimeSpan.FromSeconds(3);
            object session = null;
            try
            {
                session = _fx.Run($"New-RescaleSession $device {_fx.Connection()}", ("device", $"{_fx.Server.UserName}@127.0.0.1")).Output.Single();
                ScriptResult up = null;
                for (int copy = 0; copy < copies; copy++)
                {
                    up = _fx.Run("Copy-RescaleItem -Path $src -Destination $dst -ToSession $s", ("src", big), ("dst", remote + "/"), ("s", session));
                }
                TransferServer.PollUntil(() => opened.Count == 3 && opened.All(c => !c.IsOpen), TimeSpan.FromSeconds(20));
                check(up, opened.ToArray(), _fx.Run("$s.State.ToString()", ("s", session)).Output.Single().BaseObject.ToString());
                if (!up.AllErrors.Any()) Assert.Equal(TransferServer.Sha256(big), TransferServer.Sha256(_fx.HomePath(Path.Combine(remote, "big.bin"))));
            }
            finally
            {
                if (session != null) _fx.Run("Remove-RescaleSession $s", ("s", session));
                ResetRangeHooks();
            }
        }

        [Fact]
        public void A_session_reuses_its_extra_channels_for_the_next_large_upload_and_closes_them_once_idle()
        {
            UploadInRangesThroughSession(_fx.NewRemoteFolder(), seed: 18, copies: 2, (up, opened, state) =>
            {
                Assert.Empty(up.AllErrors);
                Assert.Equal(3, opened.Length); // the second copy opened none
                Assert.All(opened, c => Assert.False(c.IsOpen));
                Assert.Equal("Opened", state);
            });
        }

        [Fact]
        public void Extra_channels_opened_for_a_file_that_cannot_be_created_are_closed_and_the_refusal_is_reported()
        {
            string remote = _fx.NewRemoteFolder();
            string folder = _fx.HomePath(remote);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            try
            {
                UploadInRangesThroughSession(remote, seed: 17, copies: 1, (up, opened, state) =>
                {
                    Assert.Contains(up.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("PermissionDenied", StringComparison.Ordinal));
                    // They are opened while the temporary file is created, and closed once the copy gives up.
                    Assert.Equal(3, opened.Length);
                    Assert.All(opened, c => Assert.False(c.IsOpen));
                    Assert.Equal("Opened", state);
                    Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
                });
            }
            finally
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        [Fact]
        public void Losing_one_range_channel_mid_way_costs_only_speed_and_the_file_is_byte_exact()
        {
            // A narrow link (512 KiB in flight each way, 10 ms round trip) so that the copy is still running when a channel is closed.
            using var proxy = new DelayProxy(_fx.Server.Port, TimeSpan.FromMilliseconds(5), maxBytesInFlight: 512 * 1024);
            using var local = new TempFolder();
            string big = local.Combine("big.bin");
            TransferServer.WriteRandomFile(big, 48L * 1024 * 1024, seed: 15);
            string remote = _fx.NewRemoteFolder();
            string partial = _fx.HomePath(Path.Combine(remote, ".big.bin.rsh-part"));
            _fx.PowerShell.Hooks.UploadConnections = 4;
            int closed = 0;
            _fx.PowerShell.Hooks.ExtraChannelOpened = channel =>
            {
                // The first extra channel is closed under its lane once the bytes are moving (bounded wait).
                if (System.Threading.Interlocked.Increment(ref closed) != 1) return;
                System.Threading.Tasks.Task.Run(() =>
                {
                    if (TransferServer.PollUntil(() => File.Exists(partial) && new FileInfo(partial).Length > 4 * 1024 * 1024, TimeSpan.FromSeconds(30)))
                    {
                        channel.Dispose();
                        closed = 100;
                    }
                });
            };
            try
            {
                var up = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst {Through(proxy)}", ("src", big), ("dst", _fx.Remote(remote + "/")));

                Assert.True(closed == 100, "no range channel was closed");
                Assert.Empty(up.AllErrors);
                Assert.Equal(TransferServer.Sha256(big), TransferServer.Sha256(_fx.HomePath(Path.Combine(remote, "big.bin"))));
                AssertNoLeftovers(_fx.HomePath(remote));
            }
            finally
            {
                ResetRangeHooks();
            }
        }

        [Fact]
        public void A_ranged_upload_cut_mid_way_resumes_from_its_journal_and_ends_byte_exact()
        {
            using var proxy = new DelayProxy(_fx.Server.Port, TimeSpan.FromMilliseconds(5), maxBytesInFlight: 512 * 1024);
            using var local = new TempFolder();
            string big = local.Combine("big.bin");
            TransferServer.WriteRandomFile(big, 48L * 1024 * 1024, seed: 16);
            File.SetLastWriteTimeUtc(big, TransferServer.OldTime);
            string remote = _fx.NewRemoteFolder();
            string journal = _fx.HomePath(Path.Combine(remote, ".big.bin" + RangeJournal.Suffix));
            _fx.PowerShell.Hooks.UploadConnections = 4;
            _fx.PowerShell.Hooks.BeforeCopy = _ =>
            {
                System.Threading.Tasks.Task.Run(() =>
                {
                    // Once a journal says some slices are whole, the link goes down: every connection at once.
                    if (TransferServer.PollUntil(() => File.Exists(journal), TimeSpan.FromSeconds(30))) proxy.AbortAll();
                });
            };
            try
            {
                var cut = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst {Through(proxy)}", ("src", big), ("dst", _fx.Remote(remote + "/")));
                Assert.Equal("ConnectionLost", cut.AllErrors.Single().FullyQualifiedErrorId.Split(',')[0]);
                _fx.WaitUntilServerSessionsEnd();
                Assert.True(File.Exists(journal), "the ranged upload left no journal");
                long whole = long.Parse(File.ReadAllText(journal), System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(whole, 1, new FileInfo(big).Length);
                _fx.PowerShell.Hooks.BeforeCopy = null;

                var resumed = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Resume {_fx.Connection()}", ("src", big), ("dst", _fx.Remote(remote + "/")));

                Assert.Empty(resumed.AllErrors);
                Assert.Equal(TransferStatus.Resumed, ((TransferResult)resumed.Output.Single().BaseObject).Status);
                string arrived = _fx.HomePath(Path.Combine(remote, "big.bin"));
                Assert.Equal(TransferServer.Sha256(big), TransferServer.Sha256(arrived));
                Assert.Equal(TransferServer.OldTime, File.GetLastWriteTimeUtc(arrived));
                AssertNoLeftovers(_fx.HomePath(remote));
            }
            finally
            {
                ResetRangeHooks();
            }
        }

        [Fact]
        public void A_ranged_upload_takes_its_name_without_waiting_for_a_journal_record_on_its_way_and_leaves_neither_behind()
        {
            using var local = new TempFolder();
            string big = local.Combine("big.bin");
            TransferServer.WriteRandomFile(big, 24L * 1024 * 1024, seed: 18);
            string remote = _fx.NewRemoteFolder();
            string arrived = _fx.HomePath(Path.Combine(remote, "big.bin"));
            int records = 0;
            bool renamedMeanwhile = false;
            _fx.PowerShell.Hooks.UploadConnections = 4;
            // The first record is held (bounded) until the file has its name: the rename must not wait for the record.
            _fx.PowerShell.Hooks.JournalRecordWritten = _ =>
            {
                if (System.Threading.Interlocked.Increment(ref records) == 1) renamedMeanwhile = TransferServer.PollUntil(() => File.Exists(arrived), TimeSpan.FromSeconds(15));
            };
            try
            {
                var up = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst {_fx.Connection()}", ("src", big), ("dst", _fx.Remote(remote + "/")));

                Assert.Empty(up.AllErrors);
                Assert.True(records >= 1, "no journal record was written");
                Assert.True(renamedMeanwhile, "the file took its name only after the journal record on its way was let go");
                Assert.Equal(TransferServer.Sha256(big), TransferServer.Sha256(arrived));
                AssertNoLeftovers(_fx.HomePath(remote)); // neither the journal nor the record held under its temporary name
            }
            finally
            {
                ResetRangeHooks();
            }
        }

        [Fact]
        public void A_device_that_refuses_extra_channels_still_gets_the_file_over_the_ones_it_allows()
        {
            _fx.PowerShell.Hooks.UploadConnections = 6;
            try
            {
                var up = UploadToDeviceAllowingTwoChannels(20L * 1024 * 1024, seed: 17);

                Assert.Contains("refused an extra SFTP channel", string.Join("\n", up.Verbose), StringComparison.Ordinal);
            }
            finally
            {
                ResetRangeHooks();
            }
        }

        /// <summary>
        /// Uploads a file of <paramref name="bytes"/> over a 40 ms link to a device whose sshd allows the connection two
        /// channels (MaxSessions 2: the SFTP channel and one more; it refuses the others with "open failed") and checks
        /// that it arrived whole, without errors or leftovers; returns the command's result for its -Verbose lines.
        /// </summary>
        private ScriptResult UploadToDeviceAllowingTwoChannels(long bytes, int seed)
        {
            using var limited = new LimitedSshd(_fx.Server, "MaxSessions 2");
            using var proxy = DelayProxy.ForRoundTrip(limited.Port, 40);
            using var local = new TempFolder();
            string big = TransferServer.WriteRandomFile(local.Combine("big.bin"), bytes, seed);
            string remote = _fx.NewRemoteFolder();

            var up = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Verbose {Through(proxy)}", ("src", big), ("dst", _fx.Remote(remote + "/")));

            Assert.Empty(up.AllErrors);
            Assert.Equal(TransferServer.Sha256(big), TransferServer.Sha256(_fx.HomePath(Path.Combine(remote, "big.bin"))));
            AssertNoLeftovers(_fx.HomePath(remote));
            return up;
        }

        [Fact]
        public void A_large_upload_over_a_long_link_opens_its_extra_channels_at_login_and_a_device_that_refuses_some_still_gets_the_file()
        {
            // The connection's own SFTP channel must get one of the two, whatever the extra channels asked first.
            var up = UploadToDeviceAllowingTwoChannels(48L * 1024 * 1024, seed: 19);

            string said = string.Join("\n", up.Verbose);
            Assert.Contains("as over a long link: opening 2 more SFTP channel(s) for the large upload", said, StringComparison.Ordinal);
            Assert.Contains("in ranges over up to 3 SFTP channels", said, StringComparison.Ordinal);
            Assert.Contains("refused an extra SFTP channel", said, StringComparison.Ordinal);
        }

        [Fact]
        public void Channels_opened_at_login_for_an_upload_that_then_fails_are_closed_with_the_connection()
        {
            using var proxy = DelayProxy.ForRoundTrip(_fx.Server.Port, 40);
            using var local = new TempFolder();
            string big = TransferServer.WriteRandomFile(local.Combine("big.bin"), 48L * 1024 * 1024, seed: 22);
            string remote = _fx.NewRemoteFolder();
            string folder = _fx.HomePath(remote);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var opened = new System.Collections.Concurrent.ConcurrentBag<SftpChannel>();
            _fx.PowerShell.Hooks.ExtraChannelOpened = channel => opened.Add((SftpChannel)channel);
            try
            {
                var up = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Verbose {Through(proxy)}", ("src", big), ("dst", _fx.Remote(remote + "/")));

                Assert.Contains(up.AllErrors, e => e.FullyQualifiedErrorId.StartsWith("PermissionDenied", StringComparison.Ordinal));
                Assert.Contains(up.Verbose, line => line.Contains("opening 2 more SFTP channel(s)", StringComparison.Ordinal));
                Assert.True(TransferServer.PollUntil(() => opened.Count == 2 && opened.All(c => !c.IsOpen), TimeSpan.FromSeconds(20)),
                    $"{opened.Count} channel(s) opened, {opened.Count(c => c.IsOpen)} still open");
                Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
            }
            finally
            {
                File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                ResetRangeHooks();
            }
        }

        [Fact]
        public void Neither_a_file_too_small_for_ranges_nor_WhatIf_opens_channels_at_login()
        {
            using var proxy = DelayProxy.ForRoundTrip(_fx.Server.Port, 40);
            using var local = new TempFolder();
            string small = local.Combine("small.bin");
            TransferServer.WriteRandomFile(small, 20L * 1024 * 1024, seed: 20);
            string big = local.Combine("big.bin");
            TransferServer.WriteRandomFile(big, 40L * 1024 * 1024, seed: 21);
            string remote = _fx.NewRemoteFolder();

            var up = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Verbose {Through(proxy)}", ("src", small), ("dst", _fx.Remote(remote + "/")));
            var whatIf = _fx.Run($"Copy-RescaleItem -Path $src -Destination $dst -Verbose -WhatIf {Through(proxy)}", ("src", big), ("dst", _fx.Remote(remote + "/")));

            Assert.Empty(up.AllErrors);
            Assert.Empty(whatIf.AllErrors);
            Assert.DoesNotContain(up.Verbose.Concat(whatIf.Verbose), line => line.Contains("more SFTP channel(s)", StringComparison.Ordinal));
            Assert.Equal(TransferServer.Sha256(small), TransferServer.Sha256(_fx.HomePath(Path.Combine(remote, "small.bin"))));
            Assert.False(File.Exists(_fx.HomePath(Path.Combine(remote, "big.bin"))), "-WhatIf copied the file");
        }

        [Fact]
        public void An_ssh_server_that_closes_before_identifying_itself_is_a_refused_connection_not_NotAnSshServer()
        {
            using var dropping = new DroppingServer();

            var result = _fx.Run("New-RescaleSession -ComputerName 127.0.0.1 -UserName $user -Port $port -KeyFilePath $key -KnownHostsPath $kh -ConnectTimeout 5",
                ("user", _fx.Server.UserName), ("port", dropping.Port), ("key", _fx.KeyPath), ("kh", _fx.KnownHostsPath));

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("ConnectionRefused,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.ConnectionError, error.CategoryInfo.Category);
            Assert.Contains("MaxStartups", error.Exception.Message, StringComparison.Ordinal);
        }

        /// <summary>Accepts and closes at once without a byte, as sshd drops a connection beyond MaxStartups.</summary>
        private sealed class DroppingServer : IDisposable
        {
            private readonly System.Net.Sockets.TcpListener _listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);

            public DroppingServer()
            {
                _listener.Start();
                Port = ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;
                _ = Serve();
            }

            public int Port { get; }

            private async System.Threading.Tasks.Task Serve()
            {
                while (true)
                {
                    System.Net.Sockets.TcpClient client;
                    try { client = await _listener.AcceptTcpClientAsync(); } catch (Exception) { return; }
                    client.Close();
                }
            }

            public void Dispose() => _listener.Stop();
        }
    }
}
