using System.Linq;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>Remove-RescaleSession: closes sessions and forgets them.</summary>
    [Cmdlet(VerbsCommon.Remove, "RescaleSession", DefaultParameterSetName = "Session", SupportsShouldProcess = true)]
    public sealed class RemoveRescaleSessionCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Session")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public Session[] Session { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Id")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public int[] Id { get; set; }

        protected override void ProcessRecord()
        {
            var registry = RunspaceSessions.Current;
            if (ParameterSetName == "Id")
            {
                var sessions = registry.All();
                foreach (int id in Id)
                {
                    var found = sessions.FirstOrDefault(s => s.Id == id);
                    if (found == null) this.WriteFailure(SessionErrors.NoSuchId(id), id);
                    else Close(registry, found);
                }
                return;
            }
            foreach (var session in Session) Close(registry, session);
        }

        private void Close(Connections.SessionRegistry registry, Session session)
        {
            if (ShouldProcess(session.ToString(), "Close SSH session")) registry.Remove(session);
        }
    }
}
