using System;

namespace RescaleSsh.Agents
{
    /// <summary>
    /// The failures the agent client reports, each with a stable error id and a message that says what to do.
    /// Messages name the agent's socket or pipe and a key's fingerprint at most, never key material.
    /// </summary>
    internal static class AgentErrors
    {
        internal const string NotFoundId = "AgentNotFound";
        internal const string UnavailableId = "AgentUnavailable";
        internal const string ProtocolErrorId = "AgentProtocolError";
        internal const string SignRefusedId = "AgentSignRefused";
        internal const string TimedOutId = "AgentTimedOut";
        internal const string NotTrustedId = "AgentNotTrusted";

        internal static RescaleSshException NotFound(string what) =>
            new RescaleSshException(NotFoundId, FailureCategory.ObjectNotFound,
                $"No SSH agent was found ({what}). Start ssh-agent (and ssh-add your key) or Pageant, name the agent's socket or pipe with -AgentPath, or use -KeyFilePath.",
                what);

        internal static RescaleSshException Unavailable(string agent, Exception inner) =>
            new RescaleSshException(UnavailableId, FailureCategory.ResourceUnavailable,
                $"The SSH agent at '{agent}' could not be reached ({Reason(inner)}). Check that the agent is running and that the socket or pipe is yours, or use -KeyFilePath.",
                agent, inner);

        internal static RescaleSshException Refused(string agent, string what) =>
            new RescaleSshException(UnavailableId, FailureCategory.ResourceUnavailable,
                $"The SSH agent at '{agent}' refused to {what}. If the agent is locked, unlock it (ssh-add -X, Pageant), or use -KeyFilePath.",
                agent);

        internal static RescaleSshException NotTrusted(string agent) =>
            new RescaleSshException(NotTrustedId, FailureCategory.SecurityError,
                $"The pipe '{agent}' belongs to another account, which could be impersonating your agent; nothing was sent to it. Close the program that holds it (or sign out the other user), restart your agent, or use -KeyFilePath.",
                agent);

        internal static RescaleSshException Protocol(string agent, string problem, Exception inner = null) =>
            new RescaleSshException(ProtocolErrorId, FailureCategory.ProtocolError,
                $"'{agent}' did not answer as an SSH agent does ({problem}). Check that -AgentPath or SSH_AUTH_SOCK names an ssh-agent or Pageant socket.",
                agent, inner);

        internal static RescaleSshException SignRefused(string agent, string fingerprint) =>
            new RescaleSshException(SignRefusedId, FailureCategory.AuthenticationError,
                $"The SSH agent at '{agent}' refused to sign with key {fingerprint}: a confirmation was declined or could not be shown, the key was removed, or its smart card is missing. Confirm the use of the key in the agent, or add it again (ssh-add, Pageant), then retry.",
                agent);

        internal static RescaleSshException TimedOut(string agent, TimeSpan timeout) =>
            new RescaleSshException(TimedOutId, FailureCategory.OperationTimeout,
                $"The SSH agent at '{agent}' did not answer within {timeout.TotalSeconds:0.#} s. If it asks for a confirmation or a PIN, answer it; otherwise restart the agent.",
                agent);

        private static string Reason(Exception e) => e == null ? "no answer" : e.Message;
    }
}
