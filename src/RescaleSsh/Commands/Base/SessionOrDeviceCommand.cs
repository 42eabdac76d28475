using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// A device cmdlet that can also work through open sessions (-Session, from New-RescaleSession).
    /// Derived cmdlets make SessionSet their DefaultParameterSetName: a piped Session also has ComputerName,
    /// UserName and Port properties, and PowerShell would otherwise bind it by property name to the Device set.
    /// Strings and CSV rows cannot bind to -Session, so they still reach the Device set.
    /// </summary>
    public abstract class SessionOrDeviceCommand : DeviceCommand
    {
        protected const string SessionSet = "Session";

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        protected override void ProcessOtherParameterSet()
        {
            if (ParameterSetName != SessionSet) return;
            foreach (var session in Session)
            {
                StartDevice(new DeviceContext(this, session.Device, null, session));
            }
        }
    }
}
