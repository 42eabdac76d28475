using System;
using System.Diagnostics;
using System.Threading;
using RescaleSsh.Transfers;
using Xunit;

namespace RescaleSsh.Engine.Tests.Transfers
{
    /// <summary>
    /// The gate that keeps a lane's requests off an extra SFTP channel being closed (OpenSSH drops the whole connection
    /// for data on a channel it has freed): closing turns new requests away and waits for the one being sent.
    /// </summary>
    public class ChannelSendGateTests
    {
        [Fact]
        public void A_request_after_the_gate_closed_is_turned_away()
        {
            var gate = new ChannelSendGate();
            gate.Enter();
            gate.Leave();

            gate.Close();

            Assert.Throws<ObjectDisposedException>(() => gate.Enter());
        }

        [Fact]
        public void Closing_waits_for_the_request_being_sent_and_no_longer()
        {
            var gate = new ChannelSendGate();
            gate.Enter();
            var left = new ManualResetEventSlim();
            var sender = new Thread(() =>
            {
                Thread.Sleep(300);
                left.Set();
                gate.Leave();
            });
            sender.Start();

            gate.WaitUntilEmpty(() => true);

            Assert.True(left.IsSet, "the channel would have closed under a request being sent");
            sender.Join();
        }

        [Fact]
        public void Closing_gives_up_waiting_after_its_bound_or_once_the_channel_is_gone()
        {
            var gate = new ChannelSendGate();
            gate.Enter(); // a request that never leaves (a stalled link)
            var clock = Stopwatch.StartNew();
            gate.WaitUntilEmpty(() => true);
            Assert.InRange(clock.Elapsed, ChannelSendGate.MostWait - TimeSpan.FromMilliseconds(50), ChannelSendGate.MostWait + TimeSpan.FromSeconds(5));

            var other = new ChannelSendGate();
            other.Enter();
            clock.Restart();
            other.WaitUntilEmpty(() => false); // the channel or its connection already closed: nothing to wait for
            Assert.True(clock.Elapsed < ChannelSendGate.MostWait, "waited for a channel that was already gone");
        }
    }
}
