using System;
using System.Collections.Generic;
using System.Linq;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Engine.Tests.Transfers
{
    /// <summary>Issue 14: what a transfer keeps in flight follows the measured round trip, within fixed bounds.</summary>
    public class LongLinkSizingTests
    {
        [Theory]
        [InlineData(0.2, 0, 8)]      // loopback: as many as the default worker pool ran before
        [InlineData(40, 0, 60)]      // 1.5 per millisecond
        [InlineData(100, 0, 128)]    // capped
        [InlineData(40, 3, 3)]       // -ThrottleLimit given: never more
        [InlineData(0.2, 200, 8)]    // a generous -ThrottleLimit does not raise a short link's width
        public void Small_files_in_flight_follow_the_round_trip_and_never_exceed_the_users_limit(double roundTripMs, int userLimit, int expected)
        {
            Assert.Equal(expected, FileLanes.WidthFor(TimeSpan.FromMilliseconds(roundTripMs), userLimit));
        }

        [Theory]
        [InlineData(0.2, 64)]        // loopback keeps today's 64 reads
        [InlineData(40, 256)]        // 400 MiB/s x 40 ms in 64 KiB reads
        [InlineData(1000, 512)]      // 32 MiB per file at most
        public void Reads_in_flight_cover_the_bandwidth_delay_product_within_a_memory_budget(double roundTripMs, int expected)
        {
            Assert.Equal(expected, SftpReadPipeline.ReadsFor(TimeSpan.FromMilliseconds(roundTripMs)));
        }

        [Theory]
        [InlineData(new[] { 0.3 }, 0.3)]          // a short link: one sample
        [InlineData(new[] { 12.0, 0.4 }, 0.4)]    // a loopback answer slowed past 10 ms once: taken again, the smaller kept
        [InlineData(new[] { 25.0, 27.0 }, 25.0)]  // a real 25 ms link stays long
        [InlineData(new[] { 12.0, 0.0 }, 12.0)]   // the second request answered with an error: the first sample stands
        [InlineData(new[] { 40.0 }, 40.0)]        // a long link: no second round trip
        public void The_round_trip_is_sampled_again_only_when_the_first_sample_is_near_the_ranged_threshold(double[] samplesMs, double expectedMs)
        {
            int taken = 0;
            var measured = RoundTripProbe.Smallest(() => TimeSpan.FromMilliseconds(samplesMs[taken++]));

            Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), measured);
            Assert.Equal(samplesMs.Length, taken);
        }

        [Theory]
        [InlineData(200L << 20, 0L, 8)]
        [InlineData((37L << 20) + 12345, 0L, 4)]
        [InlineData(2L << 30, 0L, 8)]
        [InlineData(200L << 20, (77L << 20) + 4321, 8)] // resumed from an offset that is no slice boundary
        [InlineData(3L << 20, 0L, 2)]
        public void Ranged_slices_cover_the_file_once_and_shrink_towards_its_end(long length, long from, int connections)
        {
            long largest = RangeSizing.LargestSlice(length - from, connections);
            var sizes = new List<long>();
            for (long start = from; start < length && sizes.Count < 10_000;)
            {
                long end = RangeSizing.SliceEnd(start, length, largest, connections);
                Assert.True(end > start, $"an empty slice at {start}");
                sizes.Add(end - start);
                start = end;
            }

            Assert.Equal(length - from, sizes.Sum());
            Assert.All(sizes, size => Assert.InRange(size, 1, largest));
            Assert.All(sizes.Take(sizes.Count - 1), size => Assert.True(size % 65536 == 0 && size >= RangeSizing.SmallestSlice, $"slice of {size} bytes"));
            for (int i = 1; i < sizes.Count - 1; i++) Assert.True(sizes[i] <= sizes[i - 1], $"slice {i} grew: {sizes[i - 1]} then {sizes[i]}");
            // The last slice each lane takes is a small one: the lanes finish close together.
            Assert.All(sizes.Skip(Math.Max(0, sizes.Count - connections)), size => Assert.True(size <= RangeSizing.SmallestSlice, $"a last slice of {size} bytes"));
            Assert.InRange(sizes.Count, 1, 40 * connections);
        }

        [Theory]
        [InlineData(0L, 0)]
        [InlineData((32L << 20) - 1, 0)] // one 16 MiB share: no ranges
        [InlineData(32L << 20, 1)]
        [InlineData(200L << 20, 7)]
        [InlineData(4L << 30, 7)]      // at most 8 channels in all
        public void A_file_gets_one_extra_channel_per_16_MiB_beyond_the_first_and_at_most_seven(long length, int expected)
        {
            Assert.Equal(expected, RangeSizing.ExtraChannelsFor(length));
        }

        [Theory]
        [InlineData(20, false)]  // loopback, sshd's own work on the login
        [InlineData(46, false)]  // loopback, a process's first login
        [InlineData(65, true)]   // a 10 ms round trip
        [InlineData(150, true)]  // a 40 ms round trip
        public void Only_a_login_as_slow_as_over_a_long_link_opens_extra_channels_early(int loginMs, bool expected)
        {
            Assert.Equal(expected, RangeSizing.LoginSuggestsLongLink(TimeSpan.FromMilliseconds(loginMs)));
        }

        [Fact]
        public void A_range_journal_sits_beside_the_target_under_a_hidden_name()
        {
            Assert.Equal("work/.big.bin.rsh-ranges", RangeJournal.PathFor("work/big.bin"));
            Assert.Equal(".big.bin.rsh-ranges", RangeJournal.PathFor("big.bin"));
        }
    }
}
