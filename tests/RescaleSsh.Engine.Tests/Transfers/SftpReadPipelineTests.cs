using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Engine.Tests.Transfers
{
    /// <summary>
    /// The download pipeline against a scripted server: answers shorter than asked (SFTP v3 allows them anywhere),
    /// answers arriving out of order, files that grew or shrank after planning, failures mid-way. OpenSSH's
    /// sftp-server only answers short at end of file, so these cases are driven here; the real-sshd round trips
    /// and resume tests cover the rest.
    /// </summary>
    public class SftpReadPipelineTests
    {
        private const uint Chunk = 1000;

        /// <summary>A remote file served from memory; every answer's buffer is counted so leaks show.</summary>
        private sealed class ScriptedFile
        {
            private readonly long _length;
            private readonly Func<long, byte> _at;
            private readonly Random _random;
            private readonly bool _shortAnswers;
            private readonly bool _outOfOrder;
            public int Handed;
            public int Returned;
            public long? FailAt;
            public int Requests;
            /// <summary>Answers from <see cref="OverlongFrom"/> on carry this many bytes more than asked.</summary>
            public int Overlong;
            public long OverlongFrom;
            /// <summary>The highest offset + length any request asked for.</summary>
            public long HighestAsked;

            public ScriptedFile(byte[] content, int seed, bool shortAnswers = false, bool outOfOrder = false)
                : this(content.Length, i => content[i], seed, shortAnswers, outOfOrder)
            {
            }

            /// <summary>A file of any length whose byte at each position comes from <paramref name="at"/>.</summary>
            public ScriptedFile(long length, Func<long, byte> at, int seed, bool shortAnswers = false, bool outOfOrder = false)
            {
                _length = length;
                _at = at;
                _random = new Random(seed);
                _shortAnswers = shortAnswers;
                _outOfOrder = outOfOrder;
            }

            public Task<IMemoryOwner<byte>> BeginRead(long offset, uint length)
            {
                Requests++;
                HighestAsked = Math.Max(HighestAsked, offset + length);
                if (FailAt.HasValue && offset == FailAt.Value) return Task.FromException<IMemoryOwner<byte>>(new IOException("scripted failure"));
                int available = (int)Math.Max(0, Math.Min(length, _length - offset));
                if (_shortAnswers && available > 1 && _random.Next(3) == 0) available = _random.Next(1, available);
                if (Overlong > 0 && offset >= OverlongFrom && available > 0) available += Overlong;
                var bytes = new byte[available];
                for (int i = 0; i < available; i++) bytes[i] = offset + i < _length ? _at(offset + i) : (byte)0;
                Interlocked.Increment(ref Handed);
                IMemoryOwner<byte> answer = new Owner(bytes, this);
                if (!_outOfOrder) return Task.FromResult(answer);
                int delay = _random.Next(0, 3);
                return Task.Run(async () =>
                {
                    await Task.Delay(delay).ConfigureAwait(false);
                    return answer;
                });
            }

            public IMemoryOwner<byte> EndRead(Task<IMemoryOwner<byte>> answer) => answer.GetAwaiter().GetResult();

            /// <summary>An answer the pipeline lets go of: its buffer is given back once it arrives.</summary>
            public void Abandon(Task<IMemoryOwner<byte>> answer) =>
                answer.ContinueWith(t => { if (t.Status == TaskStatus.RanToCompletion) t.Result.Dispose(); }, TaskContinuationOptions.ExecuteSynchronously);

            private sealed class Owner : IMemoryOwner<byte>
            {
                private readonly ScriptedFile _file;
                public Owner(byte[] bytes, ScriptedFile file)
                {
                    Memory = bytes;
                    _file = file;
                }

                public Memory<byte> Memory { get; }
                public void Dispose() => Interlocked.Increment(ref _file.Returned);
            }
        }

        private static byte[] Content(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        private static (byte[] Copied, long Reported) Run(ScriptedFile file, long offset, long expectedLength)
        {
            using var target = new MemoryStream();
            long reported = 0;
            SftpReadPipeline.Copy(Chunk, file.BeginRead, file.EndRead, file.Abandon, offset, expectedLength, target, n => reported += n);
            return (target.ToArray(), reported);
        }

        public static IEnumerable<object[]> Lengths() =>
            new[] { 0, 1, 999, 1000, 1001, 7 * 1000 + 7, SftpReadPipeline.RequestsInFlight * 1000, 3 * SftpReadPipeline.RequestsInFlight * 1000 + 123 }
                .Select(n => new object[] { n });

        [Theory]
        [MemberData(nameof(Lengths))]
        public void Every_byte_arrives_in_order_when_the_server_answers_short_anywhere(int length)
        {
            byte[] content = Content(length, length);
            var file = new ScriptedFile(content, seed: length, shortAnswers: true);

            var (copied, reported) = Run(file, 0, length);

            Assert.Equal(content, copied);
            Assert.Equal(length, reported);
            Assert.Equal(file.Handed, file.Returned);
        }

        [Fact]
        public void Answers_that_complete_out_of_order_are_still_written_in_file_order()
        {
            byte[] content = Content(200_123, 3);
            var file = new ScriptedFile(content, seed: 3, shortAnswers: true, outOfOrder: true);

            var (copied, _) = Run(file, 0, content.Length);

            Assert.Equal(content, copied);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(1000)]
        [InlineData(54_321)]
        public void A_resumed_copy_fetches_only_the_bytes_after_the_offset(int offset)
        {
            byte[] content = Content(100_000, 4);
            var file = new ScriptedFile(content, seed: 4, shortAnswers: true);

            var (copied, reported) = Run(file, offset, content.Length);

            Assert.Equal(content.Skip(offset).ToArray(), copied);
            Assert.Equal(content.Length - offset, reported);
        }

        [Fact]
        public void Offsets_past_4_GiB_are_read_and_resumed_from()
        {
            const long offset = (4L << 30) + 5;
            const int tail = 300_000;
            static byte At(long position) => (byte)(position ^ (position >> 32) * 7);
            var file = new ScriptedFile(offset + tail, At, seed: 9, shortAnswers: true);

            var (copied, reported) = Run(file, offset, offset + tail);

            Assert.Equal(Enumerable.Range(0, tail).Select(i => At(offset + i)).ToArray(), copied);
            Assert.Equal(tail, reported);
        }

        [Fact]
        public void A_file_that_grew_after_planning_fails_with_SourceChanged_and_nothing_past_its_planned_length_is_written()
        {
            byte[] content = Content(150_000, 5);
            var file = new ScriptedFile(content, seed: 5);
            using var target = new MemoryStream();

            var failure = Assert.Throws<SourceChangedException>(() => SftpReadPipeline.Copy(Chunk, file.BeginRead, file.EndRead, file.Abandon, 0, 20_000, target, _ => { }));

            Assert.Contains("20000 bytes", failure.Message);
            Assert.Equal(content.Take(20_000).ToArray(), target.ToArray());
            Assert.Equal(file.Handed, file.Returned);
        }

        [Fact]
        public void A_file_that_shrank_after_planning_fails_with_SourceChanged_where_it_ended()
        {
            byte[] content = Content(20_500, 6);
            var file = new ScriptedFile(content, seed: 6);
            using var target = new MemoryStream();

            var failure = Assert.Throws<SourceChangedException>(() => SftpReadPipeline.Copy(Chunk, file.BeginRead, file.EndRead, file.Abandon, 0, 150_000, target, _ => { }));

            Assert.Contains("ended at byte 20500", failure.Message);
            Assert.Equal(file.Handed, file.Returned);
        }

        [Fact]
        public void An_answer_longer_than_its_request_fails_with_SourceChanged_before_any_of_it_is_written()
        {
            byte[] content = Content(50_000, 10);
            var file = new ScriptedFile(content, seed: 10) { Overlong = 7, OverlongFrom = 30_000 };
            using var target = new MemoryStream();

            var failure = Assert.Throws<SourceChangedException>(() => SftpReadPipeline.Copy(Chunk, file.BeginRead, file.EndRead, file.Abandon, 0, content.Length, target, _ => { }));

            Assert.Contains("answered a read of 1000 bytes with 1007", failure.Message);
            Assert.Equal(content.Take(30_000).ToArray(), target.ToArray());
            Assert.Equal(file.Handed, file.Returned);
        }

        [Fact]
        public void Reads_never_ask_past_the_planned_length_except_one_byte_to_find_its_end()
        {
            byte[] content = Content(10 * (int)Chunk + 1, 11);
            var file = new ScriptedFile(content, seed: 11);

            Run(file, 0, 10 * Chunk + 1);

            Assert.Equal(10 * Chunk + 1 + 1, file.HighestAsked);
        }

        [Fact]
        public void At_most_the_pipeline_depth_of_reads_is_sent_past_the_planned_end()
        {
            byte[] content = Content(10 * (int)Chunk, 7);
            var file = new ScriptedFile(content, seed: 7);

            Run(file, 0, content.Length);

            // ten full answers, then one read that finds the end of the file
            Assert.Equal(11, file.Requests);
        }

        [Fact]
        public void A_failed_read_stops_the_copy_with_that_failure_and_every_pending_buffer_is_given_back()
        {
            byte[] content = Content(300_000, 8);
            var file = new ScriptedFile(content, seed: 8) { FailAt = 150_000 };
            using var target = new MemoryStream();

            var failure = Assert.Throws<IOException>(() => SftpReadPipeline.Copy(Chunk, file.BeginRead, file.EndRead, file.Abandon, 0, content.Length, target, _ => { }));

            Assert.Equal("scripted failure", failure.Message);
            Assert.Equal(content.Take(150_000).ToArray(), target.ToArray());
            Assert.Equal(file.Handed, file.Returned);
        }
    }
}
