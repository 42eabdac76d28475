using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using Renci.SshNet;

namespace RescaleSsh.Bench.Experiments
{
    /// <summary>
    /// EXPERIMENT ONLY (issue 14): one large file copied in N contiguous byte ranges over N SFTP channels, each with
    /// its own SSH window, then one rename. "connections" opens N SSH connections (N handshakes, N sshd processes);
    /// "channels" opens N SFTP channels on one SSH.NET connection (internal API). Uploads keep --writes writes of
    /// 64 KiB in flight per channel (the channel window, 2 MiB from sshd, is the real limit); downloads keep --reads
    /// reads in flight per channel (the module's pipeline keeps 64). Times include opening the channels.
    /// "stream" (N = 1, uploads only) writes through SSH.NET's public SftpFileStream, as the module's resume path does
    /// (FileUploader: Open, Seek, StreamCopy): each 64 KiB write waits for its answer.
    /// Options: --rtt-ms 40,100 (-1: no proxy)  --mib 200  --n 1,2,4,8  --mode connections|channels|stream  --reads 64  --writes 64  --rounds 2
    ///   --direction both|up|down
    /// </summary>
    public static class RangesExperiment
    {
        private const uint Chunk = 64 * 1024;

        public static int Run(string[] args)
        {
            var o = ExperimentOptions.Parse(args);
            var rtts = ExperimentLab.Ints(o.Text("rtt-ms", "40,100"));
            long length = o.Int("mib", 200) * 1024L * 1024;
            var ns = ExperimentLab.Ints(o.Text("n", "1,2,4,8"));
            string mode = o.Text("mode", "connections");
            int reads = o.Int("reads", 64);
            int writes = o.Int("writes", 64);
            int rounds = o.Int("rounds", 2);
            string direction = o.Text("direction", "both");

            using var lab = new ExperimentLab();
            string source = lab.NewLocalFile("source.bin", length);
            string hash = Sha256(source);
            string remoteSource = Path.Combine(lab.RemoteRoot, "src.bin");
            File.Copy(source, remoteSource);
            lab.Server.GiveToUser(remoteSource);
            double mib = length / 1048576.0;

            Console.WriteLine($"EXPERIMENT ranges: {mib:0} MiB in N ranges over N {mode}; best of {rounds}; {reads} reads / {writes} writes of 64 KiB in flight per channel");
            Console.WriteLine($"  {"rtt",5} {"N",3} {"up s",8} {"MiB/s",7} {"open s",7} {"down s",8} {"MiB/s",7} {"open s",7}   (all runs up | down)");
            foreach (int rtt in rtts)
            {
                int port = lab.PortFor(rtt);
                foreach (int n in ns)
                {
                    var ups = new List<(double Total, double Open)>();
                    var downs = new List<(double Total, double Open)>();
                    for (int round = 0; round < rounds; round++)
                    {
                        if (direction != "down")
                        {
                            string target = Path.Combine(lab.RemoteRoot, "up.bin");
                            ExperimentLab.Clean(target, Path.Combine(lab.RemoteRoot, ".up.bin.part"));
                            ups.Add(Upload(lab, port, mode, n, source, "lab/.up.bin.part", "lab/up.bin", writes).GetAwaiter().GetResult());
                            if (Sha256(target) != hash) throw new InvalidOperationException("ranged upload differs from the source");
                        }
                        if (direction != "up")
                        {
                            string target = lab.Local.Combine("down.bin");
                            ExperimentLab.Clean(target);
                            downs.Add(Download(lab, port, mode, n, "lab/src.bin", length, target, reads).GetAwaiter().GetResult());
                            if (Sha256(target) != hash) throw new InvalidOperationException("ranged download differs from the source");
                        }
                    }
                    var up = ups.Count > 0 ? ups.MinBy(u => u.Total) : (double.NaN, double.NaN);
                    var down = downs.Count > 0 ? downs.MinBy(d => d.Total) : (double.NaN, double.NaN);
                    Console.WriteLine($"  {rtt,5} {n,3} {up.Item1,8:0.00} {mib / up.Item1,7:0.0} {up.Item2,7:0.00} {down.Item1,8:0.00} {mib / down.Item1,7:0.0} {down.Item2,7:0.00}   " +
                                      $"({string.Join(" ", ups.Select(u => u.Total.ToString("0.00")))} | {string.Join(" ", downs.Select(d => d.Total.ToString("0.00")))})");
                }
            }
            return 0;
        }

        /// <summary>Opens N channels: N connections in parallel, or one connection and N-1 more SFTP channels on it.</summary>
        private static async Task<(List<SftpClient> Clients, List<RawSftp> Channels)> Open(ExperimentLab lab, int port, string mode, int n)
        {
            var clients = new List<SftpClient>();
            var channels = new List<RawSftp>();
            if (mode == "connections")
            {
                clients.AddRange(await Task.WhenAll(Enumerable.Range(0, n).Select(_ => lab.ConnectAsync(port))));
                channels.AddRange(clients.Select(RawSftp.Of));
            }
            else
            {
                var client = await lab.ConnectAsync(port);
                clients.Add(client);
                channels.Add(RawSftp.Of(client));
                channels.AddRange(await Task.WhenAll(Enumerable.Range(1, n - 1).Select(_ => Task.Run(() => RawSftp.NewChannel(client)))));
            }
            return (clients, channels);
        }

        private static void Close(List<SftpClient> clients, List<RawSftp> channels)
        {
            foreach (var channel in channels) channel.Dispose();
            foreach (var client in clients) client.Dispose();
        }

        private static List<(long Start, long End)> Ranges(long length, int n)
        {
            long per = (length / n + Chunk - 1) / Chunk * Chunk;
            var ranges = new List<(long, long)>();
            for (long start = 0; start < length; start += per) ranges.Add((start, Math.Min(length, start + per)));
            return ranges;
        }

        public static async Task<(double Total, double Open)> Upload(ExperimentLab lab, int port, string mode, int n, string source, string temp, string target, int inFlight)
        {
            if (mode == "stream") return await UploadThroughStream(lab, port, source, temp, target);
            var clock = Stopwatch.StartNew();
            var (clients, channels) = await Open(lab, port, mode, n);
            double open = clock.Elapsed.TotalSeconds;
            try
            {
                using var local = File.OpenHandle(source, FileMode.Open, FileAccess.Read, FileShare.Read);
                long length = RandomAccess.GetLength(local);
                var ranges = Ranges(length, channels.Count);
                await Task.WhenAll(ranges.Select((range, i) => Task.Factory.StartNew(() => UploadRange(channels[i], local, temp, range.Start, range.End, inFlight), TaskCreationOptions.LongRunning)));
                await channels[0].PosixRenameAsync(temp, target);
            }
            finally
            {
                Close(clients, channels);
            }
            return (clock.Elapsed.TotalSeconds, open);
        }

        private static async Task<(double Total, double Open)> UploadThroughStream(ExperimentLab lab, int port, string source, string temp, string target)
        {
            var clock = Stopwatch.StartNew();
            using var client = await lab.ConnectAsync(port);
            double open = clock.Elapsed.TotalSeconds;
            using (var local = File.OpenRead(source))
            using (var remote = client.Open(temp, FileMode.OpenOrCreate, FileAccess.Write))
            {
                remote.Seek(0, SeekOrigin.Begin);
                var buffer = new byte[256 * 1024];
                int read;
                while ((read = local.Read(buffer, 0, buffer.Length)) > 0) remote.Write(buffer, 0, read);
            }
            client.RenameFile(temp, target);
            return (clock.Elapsed.TotalSeconds, open);
        }

        /// <summary>Synchronous on a thread of its own, as the module's workers are: no thread-pool hop per 64 KiB.</summary>
        private static void UploadRange(RawSftp sftp, SafeFileHandle local, string temp, long start, long end, int inFlight)
        {
            byte[] handle = sftp.OpenSharedWriteAsync(temp).GetAwaiter().GetResult();
            int chunk = (int)sftp.WriteLength(Chunk, handle);
            var buffers = Enumerable.Range(0, inFlight).Select(_ => new byte[chunk]).ToArray();
            var pending = new Queue<Task>();
            long sent = 0;
            for (long offset = start; offset < end; offset += chunk, sent++)
            {
                if (pending.Count == inFlight)
                {
                    // Answers come in request order: waiting for the one half-way back completes the older ones too,
                    // so a blocking wait (a thread-pool hop in SSH.NET's tasks) is paid once per half window, not per write.
                    WaitFor(pending.ElementAt(inFlight / 2));
                    while (pending.Count > 0 && pending.Peek().IsCompleted) pending.Dequeue().GetAwaiter().GetResult();
                }
                var buffer = buffers[sent % inFlight];
                int count = (int)Math.Min(chunk, end - offset);
                int read = RandomAccess.Read(local, buffer.AsSpan(0, count), offset);
                if (read != count) throw new IOException("short local read");
                pending.Enqueue(sftp.WriteAsync(handle, offset, buffer, 0, count));
            }
            Task.WhenAll(pending).GetAwaiter().GetResult();
            sftp.CloseAsync(handle).GetAwaiter().GetResult();
        }

        public static async Task<(double Total, double Open)> Download(ExperimentLab lab, int port, string mode, int n, string source, long length, string target, int inFlight)
        {
            var clock = Stopwatch.StartNew();
            var (clients, channels) = await Open(lab, port, mode, n);
            double open = clock.Elapsed.TotalSeconds;
            string temp = target + ".part";
            try
            {
                using (var local = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, length))
                {
                    var ranges = Ranges(length, channels.Count);
                    await Task.WhenAll(ranges.Select((range, i) => Task.Factory.StartNew(() => DownloadRange(channels[i], source, local, range.Start, range.End, inFlight), TaskCreationOptions.LongRunning)));
                }
                File.Move(temp, target);
            }
            finally
            {
                Close(clients, channels);
            }
            return (clock.Elapsed.TotalSeconds, open);
        }

        private static void DownloadRange(RawSftp sftp, string source, SafeFileHandle local, long start, long end, int inFlight)
        {
            byte[] handle = sftp.OpenAsync(source, write: false).GetAwaiter().GetResult();
            uint chunk = sftp.ReadLength(Chunk);
            var pending = new Queue<(long Offset, uint Length, Task<IMemoryOwner<byte>> Answer)>();
            long next = start;
            while (next < end || pending.Count > 0)
            {
                while (pending.Count < inFlight && next < end)
                {
                    uint length = (uint)Math.Min(chunk, end - next);
                    pending.Enqueue((next, length, sftp.ReadAsync(handle, next, length)));
                    next += length;
                }
                if (!pending.Peek().Answer.IsCompleted) WaitFor(pending.ElementAt(Math.Min(pending.Count - 1, inFlight / 2)).Answer);
                var (offset, asked, answer) = pending.Dequeue();
                long at = offset;
                using (var data = answer.GetAwaiter().GetResult())
                {
                    if (data.Memory.Length == 0) throw new EndOfStreamException("file shorter than expected");
                    RandomAccess.Write(local, data.Memory.Span, at);
                    at += data.Memory.Length;
                }
                // A short answer (allowed by SFTP v3): fetch the rest of this request's range before going on.
                while (at < offset + asked)
                {
                    using var rest = sftp.ReadAsync(handle, at, (uint)(offset + asked - at)).GetAwaiter().GetResult();
                    if (rest.Memory.Length == 0) throw new EndOfStreamException("file shorter than expected");
                    RandomAccess.Write(local, rest.Memory.Span, at);
                    at += rest.Memory.Length;
                }
            }
            sftp.CloseAsync(handle).GetAwaiter().GetResult();
        }

        private static void WaitFor(Task task) => ((IAsyncResult)task).AsyncWaitHandle.WaitOne();

        private static string Sha256(string path)
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream));
        }
    }
}
