using System;

namespace RescaleSsh.Keys
{
    /// <summary>Internal signal: a well-formed key of a type this module does not handle (DSA, security keys, certificates).</summary>
    internal sealed class KeyTypeNotSupportedException : Exception
    {
        internal string TypeName { get; }

        internal KeyTypeNotSupportedException(string typeName) : base("key type not supported")
        {
            TypeName = typeName;
        }
    }
}
