using System.Linq;
using System.Management.Automation;
using RescaleSsh.Connections;

namespace RescaleSsh.Commands
{
    /// <summary>Remove-RescaleSession: closes sessions and forgets them.</summary>
    [Cmdlet(VerbsCommon.Remove, "RescaleSession", DefaultParameterSetName = "Session", SupportsShouldProcess = true)]
    public sealed class RemoveRescaleSessionCommand : RescaleCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Session")]
        [ValidateNotNullOrEmpty]
        public Session[] Session { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Id")]
        public int[] Id { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == "Id")
            {
                var sessions = SessionRegistry.All();
                foreach (int id in Id)
                {
                    var found = sessions.FirstOrDefault(s => s.Id == id);
                    if (found == null)
                    {
                        WriteFailure(new RescaleSshException("SessionNotFound", FailureCategory.ObjectNotFound,
                            $"There is no session with id {id}. Get-RescaleSession lists the open ones.", id), id);
                        continue;
                    }
                    Close(found);
                }
                return;
            }
            foreach (var session in Session) Close(session);
        }

        private void Close(Session session)
        {
            if (ShouldProcess(session.ToString(), "Close SSH session")) SessionRegistry.Remove(session);
        }
    }
}
