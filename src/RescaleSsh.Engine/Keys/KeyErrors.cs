
namespace RescaleSsh.Keys
{
    /// <summary>
    /// Every failure the key services report, with its stable error id and category. Messages name the file
    /// and say what to do; they never contain key material or passphrases.
    /// </summary>
    internal static class KeyErrors
    {
        internal static RescaleSshException FileExists(string path) =>
            new RescaleSshException("KeyFileExists", FailureCategory.ResourceExists,
                $"The key file '{path}' already exists. Use -Force to overwrite it, or choose another -Path.", path);

        internal static RescaleSshException SizeInvalid(KeyAlgorithm algorithm, int size) =>
            new RescaleSshException("KeySizeInvalid", FailureCategory.InvalidArgument,
                algorithm == KeyAlgorithm.RSA
                    ? $"-KeySize {size} is not valid for RSA: use a multiple of 8 from 2048 to 16384 (default 4096)."
                    : $"-KeySize {size} is not valid for ECDSA: use 256, 384 or 521 (default 256).", size);

        internal static RescaleSshException SizeNotApplicable() =>
            new RescaleSshException("KeySizeNotApplicable", FailureCategory.InvalidArgument,
                "Ed25519 keys have a fixed size: omit -KeySize.", "KeySize");

        internal static RescaleSshException PassphraseIncorrect(string path) =>
            new RescaleSshException("KeyPassphraseIncorrect", FailureCategory.AuthenticationError,
                $"The passphrase does not decrypt the key file '{path}'. Check -Passphrase and try again.", path);

        internal static RescaleSshException PassphraseRequired(string path) =>
            new RescaleSshException("KeyPassphraseRequired", FailureCategory.AuthenticationError,
                $"The key file '{path}' is encrypted. Give its passphrase with -Passphrase.", path);

        internal static RescaleSshException FileInvalid(string path, string defect) =>
            new RescaleSshException("KeyFileInvalid", FailureCategory.InvalidData,
                $"The file '{path}' is not a valid key file ({defect}). Check that it is an OpenSSH, PEM or PuTTY key and not truncated.", path);

        internal static RescaleSshException TypeNotSupported(string path, string type) =>
            new RescaleSshException("KeyTypeNotSupported", FailureCategory.InvalidData,
                $"The key in '{path}' is of type '{DisplayText.Short(type)}', which RescaleSsh does not handle. Use an RSA, Ed25519 or ECDSA key.", path);

        internal static RescaleSshException NotAPrivateKey(string path) =>
            new RescaleSshException("NotAPrivateKey", FailureCategory.InvalidData,
                $"The file '{path}' holds a public key, but a private key is needed here. Give the private key file (without .pub).", path);

        internal static RescaleSshException FolderNotWritable(string folder, System.Exception inner = null) =>
            new RescaleSshException("KeyFolderNotWritable", FailureCategory.PermissionDenied,
                $"Cannot write key files in '{folder}'. Choose a folder you can write to, or fix its permissions.", folder, inner);

        internal static RescaleSshException FileNotFound(string path) =>
            new RescaleSshException("KeyFileNotFound", FailureCategory.ObjectNotFound,
                $"The key file '{path}' does not exist. Check -Path.", path);

        /// <summary>Refused before any key derivation runs: <paramref name="parameter"/> names the file's setting and its value.</summary>
        internal static RescaleSshException KdfTooExpensive(string path, string parameter, string limit, string remedy) =>
            new RescaleSshException("KeyKdfTooExpensive", FailureCategory.LimitsExceeded,
                $"The key file '{path}' asks its passphrase for {parameter}, more work than RescaleSsh accepts ({limit}); deriving it could take minutes for every device. {remedy}", path);

        internal static RescaleSshException FileTooLarge(string path) =>
            new RescaleSshException("KeyFileInvalid", FailureCategory.InvalidData,
                $"The file '{path}' is too large to be a key file.", path);

        /// <summary>The input is never echoed: it may be a private key pasted by mistake.</summary>
        internal static RescaleSshException PublicKeyInvalid(string line) =>
            new RescaleSshException("PublicKeyInvalid", FailureCategory.InvalidData,
                line != null && (line.Contains("PRIVATE KEY") || line.Contains("PuTTY-User-Key-File"))
                    ? "The text is a private key. Give the public key line instead (the contents of the .pub file)."
                    : "The text is not an OpenSSH public key line ('<type> <base64> [comment]'), as found in .pub files.", "PublicKey");
    }
}
