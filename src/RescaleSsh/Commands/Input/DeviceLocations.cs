using RescaleSsh.Transfers;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// A device string that also names a path, scp-style: <c>user@host:path</c>. <c>user@host:2222</c> stays a device
    /// with a port (Device's own form); anything else after the ':' is a path on the device.
    /// </summary>
    internal static class DeviceLocations
    {
        internal static bool TryParse(string text, out RemoteLocation location)
        {
            location = null;
            if (text == null || RemoteLocation.IsDeviceWithPort(text) || !RemoteLocation.TryParse(text, out var parsed)) return false;
            location = parsed;
            return true;
        }
    }
}
