using System;

namespace RescaleSsh.SshConfig
{
    /// <summary>The origin of a resolved value, for Get-RescaleDevice: "default", "command line" or "FILE:LINE".</summary>
    public sealed class ConfigSource
    {
        public static readonly ConfigSource Default = new ConfigSource(ConfigSourceKind.Default, null, 0);
        public static readonly ConfigSource CommandLine = new ConfigSource(ConfigSourceKind.CommandLine, null, 0);

        private ConfigSource(ConfigSourceKind kind, string file, int line)
        {
            Kind = kind;
            File = file;
            Line = line;
        }

        public ConfigSourceKind Kind { get; }

        /// <summary>The config file's full path (File only).</summary>
        public string File { get; }

        /// <summary>The 1-based line number (File only).</summary>
        public int Line { get; }

        public static ConfigSource At(string file, int line) =>
            new ConfigSource(ConfigSourceKind.File, file ?? throw new ArgumentNullException(nameof(file)), line);

        public override string ToString() =>
            Kind == ConfigSourceKind.File ? File + ":" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : Kind == ConfigSourceKind.CommandLine ? "command line" : "default";
    }
}
