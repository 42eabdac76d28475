using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace RescaleSsh.Connections
{
    /// <summary>The sessions opened by New-RescaleSession in this process, for Get-/Remove-RescaleSession and module removal.</summary>
    internal static class SessionRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<Session> Sessions = new List<Session>();
        private static int s_lastId;

        internal static Session Add(DeviceConnection connection, ConnectionOptions options)
        {
            var session = new Session(Interlocked.Increment(ref s_lastId), connection, options);
            lock (Gate) Sessions.Add(session);
            return session;
        }

        internal static IReadOnlyList<Session> All()
        {
            lock (Gate) return Sessions.ToList();
        }

        internal static void Remove(Session session)
        {
            session.Close();
            lock (Gate) Sessions.Remove(session);
        }

        internal static void CloseAll()
        {
            foreach (var session in All()) Remove(session);
        }
    }
}
