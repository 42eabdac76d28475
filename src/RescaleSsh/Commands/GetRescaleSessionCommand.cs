using System.Linq;
using System.Management.Automation;

namespace RescaleSsh.Commands
{
    /// <summary>Get-RescaleSession: the sessions opened in this runspace, filtered by id or computer name (wildcards).</summary>
    [Cmdlet(VerbsCommon.Get, "RescaleSession", DefaultParameterSetName = "All")]
    [OutputType(typeof(Session))]
    public sealed class GetRescaleSessionCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Id")]
        [ArgumentCompleter(typeof(SessionCompleter))]
        public int[] Id { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ComputerName", ValueFromPipelineByPropertyName = true)]
        [Alias("HostName", "Host", "IPAddress", "ServerIP", "Address")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ComputerNameCompleter))]
        public string[] ComputerName { get; set; }

        protected override void ProcessRecord()
        {
            var sessions = RunspaceSessions.Current.All();
            switch (ParameterSetName)
            {
                case "Id":
                    foreach (int id in Id)
                    {
                        var found = sessions.FirstOrDefault(s => s.Id == id);
                        if (found != null) WriteObject(found);
                        else this.WriteFailure(SessionErrors.NoSuchId(id), id);
                    }
                    break;
                case "ComputerName":
                    foreach (string name in ComputerName)
                    {
                        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                        var matches = sessions.Where(s => pattern.IsMatch(s.ComputerName)).ToList();
                        if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                        {
                            this.WriteFailure(new RescaleSshException("SessionNotFound", FailureCategory.ObjectNotFound,
                                $"There is no session to '{name}'. Open one with New-RescaleSession.", name), name);
                        }
                        foreach (var session in matches) WriteObject(session);
                    }
                    break;
                default:
                    foreach (var session in sessions) WriteObject(session);
                    break;
            }
        }
    }
}
