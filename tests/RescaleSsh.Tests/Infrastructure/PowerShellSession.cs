using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RescaleSsh.Tests.Infrastructure
{
    /// <summary>What one script produced: output, the error stream, warnings, verbose lines and a terminating error.</summary>
    public sealed class ScriptResult
    {
        public IReadOnlyList<PSObject> Output { get; init; }
        public IReadOnlyList<ErrorRecord> Errors { get; init; }
        public IReadOnlyList<string> Warnings { get; init; }
        public IReadOnlyList<string> Verbose { get; init; }
        /// <summary>The terminating error, if the script stopped on one.</summary>
        public ErrorRecord Terminating { get; init; }

        public IEnumerable<ErrorRecord> AllErrors => Terminating == null ? Errors : Errors.Append(Terminating);

        public IEnumerable<string> ErrorIds => AllErrors.Select(e => e.FullyQualifiedErrorId);

        public T Single<T>() => (T)Output.Single().BaseObject;

        public object Prop(int index, string name) => Output[index].Properties[name]?.Value;

        public override string ToString() =>
            $"{Output.Count} output, errors: [{string.Join("; ", AllErrors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message))}]";
    }

    /// <summary>
    /// A PowerShell 7 runspace (the real engine from NuGet) with the built module imported, so every
    /// test goes through parameter binding, pipelines, ShouldProcess and the error streams.
    /// </summary>
    public sealed class PowerShellSession : IDisposable
    {
        private readonly Runspace _runspace;

        public PowerShellSession()
        {
            var state = InitialSessionState.CreateDefault2();
            if (OperatingSystem.IsWindows()) state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
            _runspace = RunspaceFactory.CreateRunspace(state);
            _runspace.Open();
            Hooks = new EngineHooks();
            Commands.InternalHooks.Set(_runspace, Hooks);
            var import = Run($"Import-Module '{ModuleUnderTest.ManifestPath}' -ErrorAction Stop");
            if (import.AllErrors.Any()) throw new InvalidOperationException("Import-Module failed: " + import);
        }

        /// <summary>The engine's test seams for commands run in this session only (defaults until a test changes them).</summary>
        internal EngineHooks Hooks { get; }

        public Runspace Runspace => _runspace;

        /// <summary>Runs a script; <paramref name="variables"/> become PowerShell variables of the same names.</summary>
        public ScriptResult Run(string script, IDictionary<string, object> variables = null) => RunIn(_runspace, script, variables);

        /// <summary>Runs a script in <paramref name="runspace"/>, collecting output, errors, warnings and verbose lines.</summary>
        internal static ScriptResult RunIn(Runspace runspace, string script, IDictionary<string, object> variables)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            if (variables != null)
            {
                foreach (var pair in variables) runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
            }
            ps.AddScript(script);
            var output = new List<PSObject>();
            ErrorRecord terminating = null;
            try
            {
                output.AddRange(ps.Invoke());
            }
            catch (RuntimeException ex)
            {
                terminating = ex.ErrorRecord;
            }
            return new ScriptResult
            {
                Output = output,
                Errors = ps.Streams.Error.ToList(),
                Warnings = ps.Streams.Warning.Select(w => w.Message).ToList(),
                Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList(),
                Terminating = terminating,
            };
        }

        public ScriptResult Run(string script, params (string Name, object Value)[] variables) =>
            Run(script, variables.ToDictionary(v => v.Name, v => v.Value));

        public void Dispose() => _runspace.Dispose();
    }
}
