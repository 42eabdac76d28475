using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using RescaleSsh.Tests.Infrastructure;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// The module in a runspace with a <see cref="ScriptedHost"/> (what the user sees and answers) and the Utility
    /// cmdlets (Out-String, Format-Table, Format-List), which the hosted engine does not bring by itself.
    /// </summary>
    public sealed class HostedSession : IDisposable
    {
        private readonly Runspace _runspace;

        public HostedSession()
        {
            Host = new ScriptedHost();
            var state = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows()) state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            _runspace = RunspaceFactory.CreateRunspace(Host, state);
            _runspace.Open();
            Commands.InternalHooks.Set(_runspace, new EngineHooks());
            var utility = typeof(Microsoft.PowerShell.Commands.OutStringCommand).Assembly;
            var import = Run("Import-Module -Assembly $utility; Import-Module $manifest -ErrorAction Stop",
                ("utility", utility), ("manifest", ModuleUnderTest.ManifestPath));
            if (import.AllErrors.Any()) throw new InvalidOperationException("Import failed: " + import);
        }

        public ScriptedHost Host { get; }

        public Runspace Runspace => _runspace;

        public ScriptResult Run(string script, params (string Name, object Value)[] variables) =>
            Run(script, variables.ToDictionary(v => v.Name, v => v.Value));

        public ScriptResult Run(string script, IDictionary<string, object> variables) =>
            PowerShellSession.RunIn(_runspace, script, variables);

        /// <summary>The text of a script's output (e.g. one Out-String), as one string.</summary>
        public string Text(string script, params (string Name, object Value)[] variables)
        {
            var result = Run(script, variables);
            if (result.AllErrors.Any()) throw new InvalidOperationException(result.ToString());
            return string.Concat(result.Output.Select(o => o.BaseObject.ToString()));
        }

        public void Dispose() => _runspace.Dispose();
    }
}
