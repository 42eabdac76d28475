using System;
using RescaleSsh.Connections;
using RescaleSsh.Transfers;

namespace RescaleSsh
{
    /// <summary>
    /// One file, folder or link on a device, as Get-RescaleChildItem lists it (RescaleSsh.RemoteItem). Properties keep
    /// the true names; the Display* properties show control characters escaped, for views and messages. Piped to
    /// Copy-RescaleItem or Remove-RescaleItem it carries its device, session and place in the listing.
    /// </summary>
    public sealed class RemoteItem
    {
        public string Name { get; set; }

        /// <summary>The absolute path on the device.</summary>
        public string FullName { get; set; }

        /// <summary>The folder holding the item (absolute path on the device).</summary>
        public string Directory { get; set; }

        /// <summary>The path below the folder that was listed ("sub/data.csv"); Copy-RescaleItem keeps this layout.</summary>
        public string RelativePath { get; set; }

        public long Length { get; set; }
        public DateTime LastWriteTime => LastWriteTimeUtc.ToLocalTime();
        public DateTime LastWriteTimeUtc { get; set; }

        /// <summary>Type and permissions as ls -l writes them ("drwxr-x---").</summary>
        public string Mode { get; set; }

        public int OwnerId { get; set; }
        public int GroupId { get; set; }
        public bool IsDirectory { get; set; }
        public bool IsSymlink { get; set; }

        /// <summary>For a link: where it leads (the device's realpath of the link); null when it leads nowhere.</summary>
        public string LinkTarget { get; set; }

        public string ComputerName { get; set; }
        public string UserName { get; set; }
        public int Port { get; set; }

        /// <summary>The session the item was listed through, when one was used.</summary>
        public Session Session { get; set; }

        /// <summary>The name with control characters escaped, and a link's target after "->".</summary>
        public string DisplayName => DisplayText.Visible(Name) + (IsSymlink ? " -> " + (DisplayText.Visible(LinkTarget) ?? "?") : "");

        /// <summary>The folder as user@host:path with control characters escaped (the table view groups by it).</summary>
        public string DisplayDirectory => DisplayText.Visible(RemoteLocation.Format(Device, Directory));

        internal Device Device => new Device(ComputerName, UserName, Port);

        /// <summary>user@host:path, the scp-style address Copy-RescaleItem and scp accept.</summary>
        public override string ToString() => RemoteLocation.Format(Device, FullName);
    }
}
