using System;
using System.Collections.Generic;
using System.IO;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// The config files (and Include globs) one resolver has read, kept for the resolver's life. A command resolves
    /// all its devices with one resolver, so a long config and what it includes are read from disk once per command,
    /// not once per device. A file that cannot be read stays an error for the whole command.
    /// </summary>
    internal sealed class ConfigFileCache
    {
        private const int MaxFileBytes = 4 * 1024 * 1024;

        private readonly object _gate = new object();
        private readonly Dictionary<string, Func<ConfigLine[]>> _files = new Dictionary<string, Func<ConfigLine[]>>(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<string>> _globs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

        /// <summary>
        /// The lines of the file at the full path <paramref name="path"/>, scanned (a final newline starts no line); an
        /// empty list for a folder, which ssh reads as an empty file; null when there is no such file.
        /// </summary>
        internal ConfigLine[] Lines(string path)
        {
            Func<ConfigLine[]> read;
            lock (_gate)
            {
                if (!_files.TryGetValue(path, out read))
                {
                    read = Remember(path);
                    _files.Add(path, read);
                }
            }
            return read();
        }

        /// <summary>Reads the file now; what it found (lines, absence or the error) is answered from then on.</summary>
        private static Func<ConfigLine[]> Remember(string path)
        {
            try
            {
                if (Directory.Exists(path)) return () => Array.Empty<ConfigLine>();
                if (!File.Exists(path)) return () => null;
                string text = ReadBounded(path);
                if (text == null)
                {
                    var tooLarge = SshConfigErrors.Invalid(ConfigSource.At(path, 0), $"the file is larger than {MaxFileBytes / (1024 * 1024)} MiB");
                    return () => throw tooLarge;
                }
                string[] raw = text.Split('\n');
                int count = raw.Length > 0 && raw[raw.Length - 1].Length == 0 ? raw.Length - 1 : raw.Length;
                var lines = new ConfigLine[count];
                for (int i = 0; i < count; i++) lines[i] = ConfigLine.Scan(raw[i]);
                return () => lines;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is System.Security.SecurityException)
            {
                var unreadable = SshConfigErrors.Unreadable(path, e);
                return () => throw unreadable;
            }
        }

        /// <summary>The file's text, or null when it holds more than the limit (a device file such as /dev/zero never ends).</summary>
        private static string ReadBounded(string path)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
            {
                var text = new System.Text.StringBuilder();
                var buffer = new char[8192];
                int read;
                while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
                {
                    text.Append(buffer, 0, read);
                    if (text.Length > MaxFileBytes) return null;
                }
                return text.ToString();
            }
        }

        /// <summary>The files an Include pattern names (<see cref="IncludeGlob"/>), looked up once.</summary>
        internal IReadOnlyList<string> Glob(string pattern)
        {
            lock (_gate)
            {
                if (!_globs.TryGetValue(pattern, out var files))
                {
                    files = IncludeGlob.Expand(pattern);
                    _globs.Add(pattern, files);
                }
                return files;
            }
        }
    }
}
