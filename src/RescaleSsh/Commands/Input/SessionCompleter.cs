using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace RescaleSsh.Commands
{
    /// <summary>
    /// Tab completion of -Id, -Session, -ToSession and -FromSession: the open sessions of this runspace. -Id completes
    /// to the number; a session parameter to <c>(Get-RescaleSession -Id N)</c>. Typing part of the id or of the device
    /// (user@host) narrows the list.
    /// </summary>
    internal sealed class SessionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = CompletionText.Unquote(wordToComplete);
            var results = new List<CompletionResult>();
            foreach (var session in RunspaceSessions.Current.All())
            {
                string id = session.Id.ToString(CultureInfo.InvariantCulture);
                string device = DisplayText.Visible(session.Device.ToString());
                if (!CompletionText.StartsWith(id, typed) && !CompletionText.StartsWith(device, typed) &&
                    !CompletionText.StartsWith(session.ComputerName, typed)) continue;
                string label = $"{id}: {device} ({session.State})";
                string text = parameterName == "Id" ? id : $"(Get-RescaleSession -Id {id})";
                results.Add(new CompletionResult(text, label, CompletionResultType.ParameterValue, label));
            }
            return results;
        }
    }
}
