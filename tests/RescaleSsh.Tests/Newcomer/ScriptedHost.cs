using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// A PowerShell host for tests that need what a console user sees or answers: it records every line written to the
    /// host (the "What if:" lines of -WhatIf go there) and answers -Confirm prompts from a script of choices ("N", "Y").
    /// An unscripted prompt fails the test instead of hanging.
    /// </summary>
    public sealed class ScriptedHost : PSHost
    {
        private readonly ScriptedUI _ui = new ScriptedUI();

        public Queue<string> Answers => _ui.Answers;
        public string Written => _ui.Text.ToString();
        public int Prompts => _ui.Prompts;

        public override string Name => "RescaleSsh.Tests";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }

        private sealed class ScriptedUI : PSHostUserInterface
        {
            public Queue<string> Answers { get; } = new Queue<string>();
            public StringBuilder Text { get; } = new StringBuilder();
            public int Prompts { get; private set; }
            public override PSHostRawUserInterface RawUI => null;

            public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
            {
                Prompts++;
                Text.AppendLine(caption).AppendLine(message);
                if (Answers.Count == 0) throw new InvalidOperationException("Unexpected prompt: " + message);
                string answer = Answers.Dequeue();
                for (int i = 0; i < choices.Count; i++)
                {
                    string label = choices[i].Label;
                    int amp = label.IndexOf('&');
                    if (amp >= 0 && string.Equals(label.Substring(amp + 1, 1), answer, StringComparison.OrdinalIgnoreCase)) return i;
                }
                throw new InvalidOperationException($"No choice '{answer}' in the prompt '{message}'");
            }

            public override void Write(string value) => Text.Append(value);
            public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Text.Append(value);
            public override void WriteLine(string value) => Text.AppendLine(value);
            public override void WriteErrorLine(string value) => Text.AppendLine(value);
            public override void WriteDebugLine(string message) => Text.AppendLine(message);
            public override void WriteVerboseLine(string message) => Text.AppendLine(message);
            public override void WriteWarningLine(string message) => Text.AppendLine(message);
            public override void WriteProgress(long sourceId, ProgressRecord record) { }
            public override string ReadLine() => throw new InvalidOperationException("Unexpected read from the host");
            public override SecureString ReadLineAsSecureString() => throw new InvalidOperationException("Unexpected read from the host");
            public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
                throw new InvalidOperationException("Unexpected prompt: " + message);
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
                throw new InvalidOperationException("Unexpected credential prompt");
            public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
                PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
                throw new InvalidOperationException("Unexpected credential prompt");
        }
    }
}
