using System.Collections.Generic;
using System.Linq;

namespace RescaleSsh.Connections
{
    /// <summary>
    /// The sessions one runspace opened with New-RescaleSession, for Get-/Remove-RescaleSession and for closing them
    /// all when the module is removed or the runspace closes. Ids count from 1 in each registry, as PSSession ids do.
    /// </summary>
    internal sealed class SessionRegistry
    {
        private readonly object _gate = new object();
        private readonly List<Session> _sessions = new List<Session>();
        private int _lastId;

        internal Session Add(DeviceConnection connection, ConnectionOptions options)
        {
            lock (_gate)
            {
                var session = new Session(++_lastId, connection, options);
                _sessions.Add(session);
                return session;
            }
        }

        internal IReadOnlyList<Session> All()
        {
            lock (_gate) return _sessions.ToList();
        }

        internal void Remove(Session session)
        {
            session.Close();
            lock (_gate) _sessions.Remove(session);
        }

        internal void CloseAll()
        {
            foreach (var session in All()) Remove(session);
        }
    }
}
