namespace RescaleSsh
{
    /// <summary>One value of a resolved device and where it came from (RescaleSsh.DeviceSetting), as Get-RescaleDevice lists them.</summary>
    public sealed class DeviceSetting
    {
        internal DeviceSetting(string name, string value, string source)
        {
            Name = name;
            Value = value;
            Source = source;
        }

        /// <summary>The setting, named as the cmdlet parameter that sets it: UserName, Port, KeyFilePath …</summary>
        public string Name { get; }

        public string Value { get; }

        /// <summary>"command line", "FILE:LINE" of the config, "default", or "device string" (user@host:port as written).</summary>
        public string Source { get; }

        public override string ToString() => $"{Name} = {Value} ({Source})";
    }
}
