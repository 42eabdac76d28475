namespace RescaleSsh.Commands
{
    /// <summary>The errors the session cmdlets share.</summary>
    internal static class SessionErrors
    {
        internal static RescaleSshException NoSuchId(int id) =>
            new RescaleSshException("SessionNotFound", FailureCategory.ObjectNotFound,
                $"There is no session with id {id}. Get-RescaleSession lists the open ones.", id);
    }
}
