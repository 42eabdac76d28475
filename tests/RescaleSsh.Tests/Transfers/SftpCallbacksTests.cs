using System;
using System.IO;
using System.Threading;
using RescaleSsh.Tests.Infrastructure;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// The requests whose answers call back (the small-upload driver's), against the real sshd: each answer comes once,
    /// with the handle of an open, nothing for OK, and SSH.NET's own exception for the device's error.
    /// </summary>
    public class SftpCallbacksTests : IClassFixture<TransferServer>
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
        private readonly TransferServer _fx;

        public SftpCallbacksTests(TransferServer fx)
        {
            _fx = fx;
        }

        private sealed class Answer : ISftpAnswer
        {
            private readonly ManualResetEventSlim _came = new ManualResetEventSlim();
            private int _count;

            public Answer(bool wantsHandle) => WantsHandle = wantsHandle;

            public bool WantsHandle { get; }
            public byte[]? Handle { get; private set; }
            public Exception? Error { get; private set; }

            public void Answered(byte[] handle, Exception error)
            {
                Handle = handle;
                Error = error;
                Interlocked.Increment(ref _count);
                _came.Set();
            }

            public Answer Wait()
            {
                Assert.True(_came.Wait(Patience), "no answer came");
                Assert.Equal(1, Volatile.Read(ref _count));
                return this;
            }
        }

        [Fact]
        public void A_file_created_written_in_two_pieces_stamped_closed_and_renamed_arrives_whole_with_its_time()
        {
            var sftp = SftpCallbacks.Instance;
            Assert.NotNull(sftp);
            var (client, requests) = RawSftpClient.Connect(_fx);
            using var _ = client;
            string folder = _fx.NewRemoteFolder();
            var data = new byte[70_000];
            new Random(5).NextBytes(data);

            var opened = new Answer(wantsHandle: true);
            sftp!.Open(requests.Session, folder + "/.f.bin.rsh-part", SftpRequests.WriteFlag | SftpRequests.CreateNewFlag, opened);
            byte[] handle = opened.Wait().Handle!;
            Assert.Null(opened.Error);
            var first = new Answer(false);
            var second = new Answer(false);
            var stamped = new Answer(false);
            var closed = new Answer(false);
            sftp.Write(requests.Session, handle, 40_000, data, 40_000, 30_000, second);
            sftp.Write(requests.Session, handle, 0, data, 0, 40_000, first);
            sftp.Stamp(requests, handle, TransferServer.OldTime, stamped);
            sftp.Close(requests.Session, handle, closed);
            foreach (var answer in new[] { first, second, stamped, closed }) Assert.Null(answer.Wait().Error);
            var renamed = new Answer(false);
            sftp.PosixRename(requests.Session, folder + "/.f.bin.rsh-part", folder + "/f.bin", renamed);
            Assert.Null(renamed.Wait().Error);

            string arrived = _fx.HomePath(folder + "/f.bin");
            Assert.Equal(data, File.ReadAllBytes(arrived));
            Assert.Equal(TransferServer.OldTime, File.GetLastWriteTimeUtc(arrived));
            Assert.False(File.Exists(_fx.HomePath(folder + "/.f.bin.rsh-part")));
        }

        [Fact]
        public void The_devices_errors_come_back_as_SSH_NETs_exceptions_and_an_exclusive_create_never_opens_what_is_there()
        {
            var sftp = SftpCallbacks.Instance!;
            var (client, requests) = RawSftpClient.Connect(_fx);
            using var _ = client;
            string folder = _fx.NewRemoteFolder();
            File.WriteAllText(_fx.HomePath(folder + "/taken.txt"), "keep me");
            _fx.Server.GiveToUser(_fx.HomePath(folder));

            var missing = new Answer(true);
            sftp.Open(requests.Session, folder + "/no such folder/f.bin", SftpRequests.WriteFlag | SftpRequests.CreateNewFlag, missing);
            Assert.Null(missing.Wait().Handle);
            Assert.Equal("SftpPathNotFoundException", missing.Error!.GetType().Name);

            var taken = new Answer(true);
            sftp.Open(requests.Session, folder + "/taken.txt", SftpRequests.WriteFlag | SftpRequests.CreateNewFlag, taken);
            Assert.Null(taken.Wait().Handle);
            Assert.IsAssignableFrom<Exception>(taken.Error);
            Assert.Equal("keep me", File.ReadAllText(_fx.HomePath(folder + "/taken.txt")));

            var renamed = new Answer(false);
            sftp.PosixRename(requests.Session, folder + "/not there", folder + "/other", renamed);
            Assert.Equal("SftpPathNotFoundException", renamed.Wait().Error!.GetType().Name);
        }
    }
}
