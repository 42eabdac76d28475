using System.Management.Automation;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Get-RescaleDevice: shows a device as the other cmdlets would reach it — a Host alias or address resolved
    /// through ~/.ssh/config as <c>ssh -G</c> does, with the same parameters winning — and where each value came
    /// from. Nothing is connected; an agent is not asked.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RescaleDevice", DefaultParameterSetName = DeviceSet)]
    [OutputType(typeof(ResolvedDevice))]
    public sealed class GetRescaleDeviceCommand : ConnectionCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Alias("HostName", "Host", "IPAddress", "ServerIP", "Address")]
        [ValidateNotNullOrEmpty]
        public string[] ComputerName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
        [Alias("User", "HostId", "Login")]
        public string UserName { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string text in ComputerName)
            {
                try
                {
                    WriteObject(DescribeDevice(text, DeviceAddress.Parse(text), UserName ?? CredentialUserName));
                }
                catch (RescaleSshException ex)
                {
                    this.WriteFailure(ex, text);
                }
            }
        }
    }
}
