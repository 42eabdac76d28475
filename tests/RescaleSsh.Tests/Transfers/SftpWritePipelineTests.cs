using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// The write lane of a ranged upload (issue 14), against the real sshd: slices written back to back land at their
    /// offsets, and a lane that stops mid-slice gives that slice back and takes back the progress it reported for it,
    /// since another lane writes (and reports) the whole slice again.
    /// </summary>
    public class SftpWritePipelineTests : IClassFixture<TransferServer>
    {
        private const long Slice = 1024 * 1024;
        private readonly TransferServer _fx;

        public SftpWritePipelineTests(TransferServer fx)
        {
            _fx = fx;
        }

        /// <summary>A connected SftpClient's raw requests and a new file on the device, open for writing.</summary>
        private (IDisposable Client, SftpRequests Requests, byte[] Handle, string Remote) ConnectAndCreateTarget()
        {
            var (client, requests) = RawSftpClient.Connect(_fx);
            string remote = _fx.NewRemoteFolder() + "/dst.bin";
            return (client, requests, requests.CreateNew(remote), _fx.HomePath(remote));
        }

        private static SftpWritePipeline.SliceSource Slices(long length, List<long> taken)
        {
            long next = 0;
            return (out long start, out long end) =>
            {
                start = next;
                end = Math.Min(length, start + Slice);
                if (start >= length) return false;
                next = end;
                taken.Add(start);
                return true;
            };
        }

        [Fact]
        public void Slices_written_back_to_back_arrive_byte_exact_and_each_is_reported_written_once()
        {
            using var local = new TempFolder();
            string source = TransferServer.WriteRandomFile(local.Combine("src.bin"), 5 * Slice + 777, seed: 61);
            var (client, requests, handle, arrived) = ConnectAndCreateTarget();
            using var _ = client;
            var taken = new List<long>();
            var written = new List<long>();
            long reported = 0;

            SftpWritePipeline.Write(requests, handle, source, new FileInfo(source).Length, Slices(new FileInfo(source).Length, taken), written.Add,
                _ => Assert.Fail("nothing may be given back"), bytes => reported += bytes, CancellationToken.None);
            requests.Close(handle);

            Assert.Equal(taken, written);
            Assert.Equal(6, written.Count);
            Assert.Equal(new FileInfo(source).Length, reported);
            Assert.Equal(TransferServer.Sha256(source), TransferServer.Sha256(arrived));
        }

        /// <summary>Writes all of <paramref name="source"/> in 1 MiB slices through <paramref name="handle"/>, then closes it.</summary>
        private static void WriteWhole(SftpRequests requests, byte[] handle, string source)
        {
            long length = new FileInfo(source).Length;
            SftpWritePipeline.Write(requests, handle, source, length, Slices(length, new List<long>()), _ => { },
                _ => Assert.Fail("nothing may be given back"), _ => { }, CancellationToken.None);
            requests.Close(handle);
        }

        [Fact]
        public void OpenSSH_takes_128_KiB_writes_and_a_file_written_with_them_arrives_byte_exact()
        {
            using var local = new TempFolder();
            string source = TransferServer.WriteRandomFile(local.Combine("src.bin"), 3 * Slice + 4321, seed: 63);
            var (client, requests, handle, arrived) = ConnectAndCreateTarget();
            using var _ = client;

            Assert.True(requests.TakesLargeWrites);
            Assert.Equal(SftpRequests.LargeWriteBytes, requests.WriteLength(handle));
            WriteWhole(requests, handle, source);

            Assert.Equal(TransferServer.Sha256(source), TransferServer.Sha256(arrived));
        }

        [Fact]
        public void A_server_that_is_not_OpenSSH_gets_writes_of_one_SSH_packet_and_the_file_arrives_byte_exact()
        {
            using var device = new Hostile.HostileServer();
            using var local = new TempFolder();
            string source = TransferServer.WriteRandomFile(local.Combine("src.bin"), 2 * Slice + 99, seed: 64);
            var (client, requests) = RawSftpClient.Connect(device.Port, "anyone", device.ClientKeyPath);
            using var _ = client;
            byte[] handle = requests.CreateNew("/dst.bin");

            Assert.False(requests.TakesLargeWrites);
            Assert.InRange(requests.WriteLength(handle), 1u, 32u * 1024);
            WriteWhole(requests, handle, source);

            Assert.Equal(TransferServer.Sha256(source), TransferServer.Sha256(Path.Combine(device.Root, "dst.bin")));
        }

        [Theory]
        [InlineData(32 * 1024 - 64, 64)]
        [InlineData(128 * 1024, 24)]
        [InlineData(1024 * 1024, 4)]
        public void A_lane_keeps_about_3_MiB_of_writes_in_flight_between_4_and_64_writes(int chunk, int most)
        {
            Assert.Equal(most, SftpWritePipeline.WritesInFlightFor(chunk));
            Assert.Equal(4, SftpWritePipeline.FirstWritesInFlight);
        }

        [Fact]
        public void A_lane_stopped_mid_slice_gives_back_what_it_did_not_finish_and_takes_back_its_progress_for_it()
        {
            using var local = new TempFolder();
            string source = TransferServer.WriteRandomFile(local.Combine("src.bin"), 6 * Slice, seed: 62);
            var (client, requests, handle, arrived) = ConnectAndCreateTarget();
            using var _ = client;
            var taken = new List<long>();
            var written = new List<long>();
            var givenBack = new List<long>();
            long reported = 0;
            using var stop = new CancellationTokenSource();

            Assert.ThrowsAny<OperationCanceledException>(() => SftpWritePipeline.Write(requests, handle, source, 6 * Slice, Slices(6 * Slice, taken), written.Add,
                givenBack.Add, bytes =>
                {
                    reported += bytes;
                    if (reported >= 2 * Slice + Slice / 2) stop.Cancel(); // half-way through the third slice
                }, stop.Token));
            requests.Close(handle);

            Assert.InRange(written.Count, 2, 5);
            Assert.NotEmpty(givenBack);
            Assert.Equal(taken.Count, written.Count + givenBack.Count);
            Assert.Empty(new HashSet<long>(written).Intersect(givenBack));
            // What stays reported is exactly the slices written whole: a given-back slice counts when it is written again.
            Assert.Equal(written.Count * Slice, reported);
        }
    }
}
