using System.Linq;
using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// A device string that also names a path, scp-style: <c>user@host:path</c>. <c>user@host:2222</c> stays a device
    /// with a port (Device's own form); anything else after the ':' is a path on the device.
    /// </summary>
    internal static class DeviceLocations
    {
        internal static bool TryParse(string text, int port, out RemoteLocation location)
        {
            location = null;
            if (text == null || !RemoteLocation.TryParse(text, port, out var parsed)) return false;
            if (parsed.Path.Length > 0 && parsed.Path.All(c => c >= '0' && c <= '9')) return false;
            location = parsed;
            return true;
        }
    }
}
