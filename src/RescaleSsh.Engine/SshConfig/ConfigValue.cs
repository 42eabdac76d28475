namespace RescaleSsh.SshConfig
{
    /// <summary>A resolved value, the text it was resolved from (before ~, %-token and ${VAR} expansion), and where it came from.</summary>
    public sealed class ConfigValue<T>
    {
        public ConfigValue(T value, string written, ConfigSource source)
        {
            Value = value;
            Written = written;
            Source = source;
        }

        public T Value { get; }

        /// <summary>The value as written in the file or given by the caller (before expansion); null for a default.</summary>
        public string Written { get; }

        public ConfigSource Source { get; }

        public override string ToString() => $"{Value} ({Source})";
    }
}
