namespace RescaleSsh
{
    /// <summary>
    /// What kind of failure an engine exception reports. The module maps each value to PowerShell's ErrorCategory
    /// of the same name in one place (the engine cannot see PowerShell).
    /// </summary>
    public enum FailureCategory
    {
        NotSpecified,
        AuthenticationError,
        ConnectionError,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        InvalidResult,
        InvalidType,
        LimitsExceeded,
        NotImplemented,
        NotInstalled,
        ObjectNotFound,
        OperationStopped,
        OperationTimeout,
        PermissionDenied,
        ProtocolError,
        ReadError,
        ResourceBusy,
        ResourceExists,
        ResourceUnavailable,
        SecurityError,
        WriteError,
    }
}
