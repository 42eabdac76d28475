using System;
using Renci.SshNet;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// Takes the place of a password or keyboard-interactive login in a connection whose host key known_hosts distrusts
    /// (<see cref="HostKeyCheck.AllowsSecretLogin"/>). It is put in during key exchange, before SSH.NET starts to
    /// authenticate, whatever methods the connection was built with. SSH.NET reaches it only when the device allows that
    /// method and every method before it failed; it then ends the connection with the check's reason and sends nothing.
    /// </summary>
    internal sealed class WithheldLogin : AuthenticationMethod
    {
        private readonly string _name;
        private readonly Func<RescaleSshException> _reason;

        private WithheldLogin(string userName, string name, Func<RescaleSshException> reason)
            : base(userName)
        {
            _name = name;
            _reason = reason;
        }

        public override string Name => _name;

        public override AuthenticationResult Authenticate(Renci.SshNet.Session session) => throw _reason();

        /// <summary>
        /// Replaces each password and keyboard-interactive method of <paramref name="info"/>. False when its list of methods
        /// cannot be changed: the caller must then refuse the connection rather than offer a password.
        /// </summary>
        public static bool Withhold(ConnectionInfo info, Func<RescaleSshException> reason)
        {
            var methods = info.AuthenticationMethods;
            try
            {
                for (int i = 0; i < methods.Count; i++)
                {
                    var method = methods[i];
                    if (method is WithheldLogin) continue;
                    if (method is PasswordAuthenticationMethod || method is KeyboardInteractiveAuthenticationMethod ||
                        method.Name == "password" || method.Name == "keyboard-interactive")
                    {
                        // The original stays with its owner (LoginCredential), which disposes it.
                        methods[i] = new WithheldLogin(method.Username, method.Name, reason);
                    }
                }
                return true;
            }
            catch (NotSupportedException)
            {
                return false;
            }
        }
    }
}
