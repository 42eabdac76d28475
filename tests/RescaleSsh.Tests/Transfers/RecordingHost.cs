using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace RescaleSsh.Tests.Transfers
{
    /// <summary>
    /// A PowerShell host that records the lines written to its console, so a test can read what -WhatIf printed
    /// ("What if: Performing the operation ..."). It never prompts: any prompt fails the test's command.
    /// </summary>
    public sealed class RecordingHost : PSHost
    {
        private readonly Console _ui = new Console();

        public IReadOnlyList<string> Lines => _ui.Lines;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override string Name => nameof(RecordingHost);
        public override PSHostUserInterface UI => _ui;
        public override Version Version => new Version(1, 0);
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }

        private sealed class Console : PSHostUserInterface
        {
            private readonly List<string> _lines = new List<string>();

            public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToArray(); } }
            public override PSHostRawUserInterface RawUI => null;
            public override void Write(string value) => Add(value);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(value);
            public override void WriteLine(string value) => Add(value);
            public override void WriteErrorLine(string value) => Add(value);
            public override void WriteDebugLine(string message) { }
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override void WriteVerboseLine(string message) { }
            public override void WriteWarningLine(string message) { }
            public override string ReadLine() => throw new NotSupportedException("the test host does not prompt");
            public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("the test host does not prompt");
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
                throw new NotSupportedException("the test host does not prompt");
            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
                throw new NotSupportedException("the test host does not prompt");
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
                throw new NotSupportedException("the test host does not prompt");
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
                throw new NotSupportedException("the test host does not prompt");

            private void Add(string value)
            {
                lock (_lines) _lines.Add(value);
            }
        }
    }
}
