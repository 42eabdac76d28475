using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace RescaleSsh.Bench.Experiments
{
    /// <summary>
    /// EXPERIMENT ONLY (issue 14): many small files over one SFTP channel, with F files in flight and three ways of
    /// ordering each file's requests.
    /// Up:   serial = open, write, fsetstat, close, rename, each awaited (5 round trips: the module's tiny-file path today);
    ///       chain3 = open; write + fsetstat + close sent together; rename (3 round trips);
    ///       chain2 = open; write + fsetstat + close + rename sent together (2 round trips; relies on the server
    ///                answering requests in order, as OpenSSH's sftp-server does).
    /// Down: serial = open, read, read (to see end of file), close, each awaited (4 round trips: today's path);
    ///       chain2 = open; read + read-at-length + close sent together (2 round trips).
    /// Times are for the files only (connection and folder listing measured apart). Every copy is checked: bytes,
    /// and for uploads the modification time set through fsetstat.
    /// Options: --rtt-ms 40,100  --count 200  --kib 4  --inflight 8,16,32,64  --up serial,chain3,chain2  --down serial,chain2  --rounds 2
    /// </summary>
    public static class SmallFilesExperiment
    {
        private static readonly DateTime Stamp = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);

        public static int Run(string[] args)
        {
            var o = ExperimentOptions.Parse(args);
            var rtts = ExperimentLab.Ints(o.Text("rtt-ms", "40,100"));
            int count = o.Int("count", 200);
            int size = o.Int("kib", 4) * 1024;
            var inFlights = ExperimentLab.Ints(o.Text("inflight", "8,16,32,64"));
            var ups = o.Text("up", "serial,chain3,chain2").Split(',', StringSplitOptions.RemoveEmptyEntries);
            var downs = o.Text("down", "serial,chain2").Split(',', StringSplitOptions.RemoveEmptyEntries);
            int rounds = o.Int("rounds", 2);

            using var lab = new ExperimentLab();
            var random = new Random(3);
            var files = Enumerable.Range(0, count).Select(i =>
            {
                var bytes = new byte[size];
                random.NextBytes(bytes);
                return (Name: $"f{i:D5}.bin", Bytes: bytes);
            }).ToList();
            string source = Path.Combine(lab.RemoteRoot, "src-small");
            Directory.CreateDirectory(source);
            foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(source, name), bytes);
            lab.Server.GiveToUser(source);

            Console.WriteLine($"EXPERIMENT small files: {count} x {size / 1024} KiB over one SFTP channel; seconds for the files only, best of {rounds} (all runs)");
            foreach (int rtt in rtts)
            {
                int port = lab.PortFor(rtt);
                var connect = Stopwatch.StartNew();
                using var client = lab.ConnectAsync(port).GetAwaiter().GetResult();
                double connectSeconds = connect.Elapsed.TotalSeconds;
                var sftp = RawSftp.Of(client);
                var list = Stopwatch.StartNew();
                int listed = client.ListDirectory("lab/src-small").Count(f => f.IsRegularFile);
                double listSeconds = list.Elapsed.TotalSeconds;
                if (listed != count) throw new InvalidOperationException("listing incomplete");
                Console.WriteLine($"  rtt {rtt} ms: connect {connectSeconds:0.00} s, list the folder (SftpClient.ListDirectory) {listSeconds:0.00} s");
                Console.WriteLine($"    {"",-12} {string.Join(" ", inFlights.Select(f => $"{"F=" + f,22}"))}");
                foreach (string mode in ups)
                {
                    var cells = inFlights.Select(f => Measure(rounds, () =>
                    {
                        string folder = Path.Combine(lab.RemoteRoot, "up-small");
                        ExperimentLab.Clean(folder);
                        Directory.CreateDirectory(folder);
                        lab.Server.GiveToUser(folder);
                        double seconds = mode.StartsWith("event") ? Time(() => UploadByCallbacks(new CallbackSftp(client), files, "lab/up-small", mode, f)) : Time(() => Upload(sftp, files, "lab/up-small", mode, f));
                        foreach (var (name, bytes) in files)
                        {
                            string path = Path.Combine(folder, name);
                            if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes) || File.GetLastWriteTimeUtc(path) != Stamp)
                                throw new InvalidOperationException($"{mode}: {path} differs (bytes or time)");
                        }
                        return seconds;
                    }));
                    Console.WriteLine($"    {"up " + mode,-12} {string.Join(" ", cells.Select(c => $"{c,22}"))}");
                }
                foreach (string mode in downs)
                {
                    var cells = inFlights.Select(f => Measure(rounds, () =>
                    {
                        string folder = lab.Local.Combine("down-small");
                        ExperimentLab.Clean(folder);
                        Directory.CreateDirectory(folder);
                        double seconds = Time(() => Download(sftp, files.Select(x => (x.Name, (long)x.Bytes.Length)).ToList(), "lab/src-small", folder, mode, f));
                        foreach (var (name, bytes) in files)
                        {
                            if (!File.ReadAllBytes(Path.Combine(folder, name)).AsSpan().SequenceEqual(bytes)) throw new InvalidOperationException($"{mode}: {name} differs");
                        }
                        return seconds;
                    }));
                    Console.WriteLine($"    {"down " + mode,-12} {string.Join(" ", cells.Select(c => $"{c,22}"))}");
                }
            }
            return 0;
        }

        private static string Measure(int rounds, Func<double> run)
        {
            var times = Enumerable.Range(0, rounds).Select(_ => run()).ToList();
            return $"{times.Min():0.00} ({string.Join(" ", times.Select(t => t.ToString("0.00")))})";
        }

        private static double Time(Func<Task> run)
        {
            double server = ServerCpu(), client = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var clock = Stopwatch.StartNew();
            run().GetAwaiter().GetResult();
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"      {seconds:0.00} s: client cpu {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - client:0.00}, sshd cpu {ServerCpu() - server:0.00}");
            return seconds;
        }

        /// <summary>CPU seconds of every sshd process (the lab's server, its session and sftp-server), from /proc.</summary>
        private static double ServerCpu()
        {
            double ticks = 0;
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                try
                {
                    string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    int close = stat.LastIndexOf(')');
                    if (!stat.Substring(0, close).Contains("(sshd")) continue;
                    var fields = stat.Substring(close + 2).Split(' ');
                    ticks += double.Parse(fields[11]) + double.Parse(fields[12]);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is FormatException || ex is ArgumentException)
                {
                }
            }
            return ticks / 100;
        }

        private static async Task ForEach<T>(IEnumerable<T> items, int inFlight, Func<T, Task> run)
        {
            using var slots = new SemaphoreSlim(inFlight);
            var all = new List<Task>();
            foreach (var item in items)
            {
                await slots.WaitAsync();
                all.Add(Task.Run(async () =>
                {
                    try { await run(item); }
                    finally { slots.Release(); }
                }));
            }
            await Task.WhenAll(all);
        }

        private static Task Upload(RawSftp sftp, List<(string Name, byte[] Bytes)> files, string folder, string mode, int inFlight) =>
            ForEach(files, inFlight, async file =>
            {
                string target = folder + "/" + file.Name;
                string temp = folder + "/." + file.Name + ".rsh-part";
                byte[] handle = await sftp.OpenAsync(temp, write: true);
                switch (mode)
                {
                    case "serial":
                        await sftp.WriteAsync(handle, 0, file.Bytes, 0, file.Bytes.Length);
                        await sftp.SetTimesAsync(handle, Stamp);
                        await sftp.CloseAsync(handle);
                        await sftp.PosixRenameAsync(temp, target);
                        break;
                    case "chain3":
                        await Task.WhenAll(sftp.WriteAsync(handle, 0, file.Bytes, 0, file.Bytes.Length), sftp.SetTimesAsync(handle, Stamp), sftp.CloseAsync(handle));
                        await sftp.PosixRenameAsync(temp, target);
                        break;
                    case "chain2":
                        await Task.WhenAll(sftp.WriteAsync(handle, 0, file.Bytes, 0, file.Bytes.Length), sftp.SetTimesAsync(handle, Stamp), sftp.CloseAsync(handle),
                            sftp.PosixRenameAsync(temp, target));
                        break;
                    default:
                        throw new ArgumentException("unknown upload mode " + mode);
                }
            });

        /// <summary>
        /// event-rx: each answer sends the file's next requests on SSH.NET's receive thread (open; write + fsetstat + close; rename).
        /// event-driver: answers queue the next step for one driver thread, which sends it.
        /// </summary>
        private static Task UploadByCallbacks(CallbackSftp sftp, List<(string Name, byte[] Bytes)> files, string folder, string mode, int inFlight)
        {
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            int next = 0, left = files.Count;
            bool onDriver = mode == "event-driver";
            var steps = new System.Collections.Concurrent.BlockingCollection<Action>();
            void Run(Action step) { if (onDriver) steps.Add(step); else step(); }
            void Fail(Exception ex) { finished.TrySetException(ex); steps.CompleteAdding(); }
            void Start()
            {
                int i = Interlocked.Increment(ref next) - 1;
                if (i >= files.Count) return;
                var file = files[i];
                string target = folder + "/" + file.Name;
                string temp = folder + "/." + file.Name + ".rsh-part";
                sftp.OpenNew(temp, (handle, error) =>
                {
                    if (error != null) { Fail(error); return; }
                    Run(() =>
                    {
                        int answers = 3;
                        Exception first = null;
                        void Answered(Exception e)
                        {
                            if (e != null) first ??= e;
                            if (Interlocked.Decrement(ref answers) != 0) return;
                            if (first != null) { Fail(first); return; }
                            Run(() => sftp.PosixRename(temp, target, renamed =>
                            {
                                if (renamed != null) { Fail(renamed); return; }
                                if (Interlocked.Decrement(ref left) == 0) { finished.TrySetResult(); steps.CompleteAdding(); return; }
                                Run(Start);
                            }));
                        }
                        sftp.Write(handle, file.Bytes, Answered);
                        sftp.SetTimes(handle, Stamp, Answered);
                        sftp.Close(handle, Answered);
                    });
                });
            }
            if (onDriver)
            {
                var driver = new Thread(() => { foreach (var step in steps.GetConsumingEnumerable()) step(); }) { IsBackground = true };
                driver.Start();
                for (int i = 0; i < inFlight; i++) steps.Add(Start);
            }
            else
            {
                for (int i = 0; i < inFlight; i++) Start();
            }
            return finished.Task;
        }

        private static Task Download(RawSftp sftp, List<(string Name, long Length)> files, string folder, string localFolder, string mode, int inFlight) =>
            ForEach(files, inFlight, async file =>
            {
                byte[] handle = await sftp.OpenAsync(folder + "/" + file.Name, write: false);
                uint chunk = sftp.ReadLength(64 * 1024);
                byte[] data;
                if (mode == "serial")
                {
                    using (var first = await sftp.ReadAsync(handle, 0, chunk))
                    {
                        data = first.Memory.ToArray();
                    }
                    using (var end = await sftp.ReadAsync(handle, data.Length, chunk))
                    {
                        if (end.Memory.Length != 0) throw new InvalidOperationException("expected end of file");
                    }
                    await sftp.CloseAsync(handle);
                }
                else if (mode == "chain2")
                {
                    var first = sftp.ReadAsync(handle, 0, chunk);
                    var end = sftp.ReadAsync(handle, file.Length, chunk);
                    var close = sftp.CloseAsync(handle);
                    await Task.WhenAll(first, end, close);
                    using (var f = first.Result) data = f.Memory.ToArray();
                    using (var e = end.Result)
                    {
                        // A file that changed since the listing would need the general path; not expected here.
                        if (data.Length != file.Length || e.Memory.Length != 0) throw new InvalidOperationException("length changed since listing");
                    }
                }
                else
                {
                    throw new ArgumentException("unknown download mode " + mode);
                }
                File.WriteAllBytes(Path.Combine(localFolder, file.Name), data);
            });
    }
}
