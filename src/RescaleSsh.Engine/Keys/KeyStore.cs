using System;
using System.Collections.Generic;
using System.IO;
using System.Security;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// The key services behind the cmdlets: generate a key pair into files, read a key file, convert between
    /// OpenSSH and PuTTY formats. Takes plain values (full paths, SecureString), returns <see cref="KeyPair"/>,
    /// and throws <see cref="RescaleSshException"/> with stable ids. Private key buffers and passphrase bytes
    /// are zeroed when a call ends.
    /// </summary>
    internal static class KeyStore
    {
        /// <summary>The files New-RescaleKeyPair writes for <paramref name="path"/> (a trailing .ppk is treated as the base name).</summary>
        internal static (string OpenSsh, string Putty, string Public) TargetsFor(string path, KeyFileFormat format)
        {
            string basePath = BaseName(path);
            return (format == KeyFileFormat.PuTTY ? null : basePath,
                    format == KeyFileFormat.OpenSSH ? null : basePath + ".ppk",
                    basePath + ".pub");
        }

        /// <summary>Throws KeyFileExists for a target that is a folder, or that exists without <paramref name="force"/>: what Create would refuse.</summary>
        internal static void CheckTargets((string OpenSsh, string Putty, string Public) targets, bool force)
        {
            foreach (var target in new[] { targets.OpenSsh, targets.Putty, targets.Public })
            {
                if (target == null) continue;
                if (Directory.Exists(target)) throw KeyErrors.FileExists(target);
                if (!force && File.Exists(target)) throw KeyErrors.FileExists(target);
            }
        }

        internal static KeyPair Create(string path, KeyAlgorithm algorithm, int? keySize, string comment, SecureString passphrase,
            int kdfRounds, KeyFileFormat format, bool force, string fingerprintHash = "SHA256")
        {
            KeyGenerator.ValidateSize(algorithm, keySize);
            var targets = TargetsFor(path, format);
            CheckTargets(targets, force);

            string folder = Path.GetDirectoryName(targets.Public);
            PrivateKeyFileCreator.CreateFolder(folder);

            SshKey key = KeyGenerator.Generate(algorithm, keySize, comment);
            byte[] pass = Passphrase.ToUtf8(passphrase);
            var created = new List<string>();
            try
            {
                if (targets.OpenSsh != null) WritePrivate(targets.OpenSsh, OpenSshPrivateKeyWriter.Write(key, pass, kdfRounds), force, created);
                if (targets.Putty != null) WritePrivate(targets.Putty, PuttyKeyWriter.Write(key, pass), force, created);
                bool existed = File.Exists(targets.Public);
                PrivateKeyFileCreator.WritePublic(targets.Public, System.Text.Encoding.UTF8.GetBytes(PublicKeyLine.Format(key) + "\n"), force);
                if (!existed) created.Add(targets.Public);
                created.Clear();
                return Describe(key, fingerprintHash, targets.OpenSsh, targets.Public, targets.Putty, pass.Length > 0);
            }
            finally
            {
                // A failure part-way leaves no new file behind (files that were overwritten under -Force are already replaced whole).
                foreach (var file in created)
                {
                    try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
                Bytes.Clear(pass);
                key.Clear();
            }
        }

        private static void WritePrivate(string path, byte[] content, bool force, List<string> created)
        {
            bool existed = File.Exists(path);
            try
            {
                PrivateKeyFileCreator.Write(path, content, force);
                if (!existed) created.Add(path);
            }
            finally
            {
                Bytes.Clear(content);
            }
        }

        /// <summary>Reads one key file into a KeyPair; encrypted OpenSSH and PPK files yield their public half without a passphrase.</summary>
        internal static KeyPair Read(string path, SecureString passphrase, string fingerprintHash = "SHA256")
        {
            KeyFile file = KeyFileReader.ReadFile(path, passphrase);
            try
            {
                switch (file.Kind)
                {
                    case KeyFileKind.Putty:
                        return Describe(file.Key, fingerprintHash, null, ExistingPub(BaseName(path)), path, file.Encrypted);
                    case KeyFileKind.Public:
                        string privatePath = path.EndsWith(".pub", StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.Length - 4) : null;
                        return Describe(file.Key, fingerprintHash, privatePath != null && File.Exists(privatePath) ? privatePath : null, path, null, false);
                    default:
                        string pub = File.Exists(path + ".pub") ? path + ".pub" : null;
                        if (file.Kind == KeyFileKind.Pem && pub != null) file.Key.Comment = CommentFromPublicFile(pub, file.Key);
                        return Describe(file.Key, fingerprintHash, path, pub, null, file.Encrypted);
                }
            }
            finally
            {
                file.Key.Clear();
            }
        }

        /// <summary>PEM files hold no comment; like ssh-keygen -l, take it from the .pub beside them when that is the same key.</summary>
        private static string CommentFromPublicFile(string publicPath, SshKey key)
        {
            try
            {
                var pub = KeyFileReader.ReadFile(publicPath, null).Key;
                return pub.SamePublicKey(key) ? pub.Comment : key.Comment;
            }
            catch (RescaleSshException)
            {
                return key.Comment;
            }
        }

        internal static KeyPair ReadPublicKeyLine(string line, string fingerprintHash = "SHA256") =>
            Describe(KeyFileReader.ParsePublicKeyLine(line), fingerprintHash, null, null, null, false);

        /// <summary>Where Convert-RescaleKey writes when -Destination is not given: key → key.ppk, key.ppk → key.</summary>
        internal static string DefaultDestination(string source, KeyFileFormat format)
        {
            bool isPpk = source.EndsWith(".ppk", StringComparison.OrdinalIgnoreCase);
            if (format == KeyFileFormat.PuTTY) return isPpk ? source : source + ".ppk";
            return isPpk ? source.Substring(0, source.Length - 4) : source;
        }

        /// <summary>
        /// Rewrites a private key in another format. The output is encrypted with <paramref name="newPassphrase"/> when given
        /// (an empty one removes encryption), else an encrypted source keeps its passphrase, as PuTTYgen's conversions do.
        /// </summary>
        internal static KeyPair Convert(string source, KeyFileFormat format, string destination, SecureString passphrase,
            SecureString newPassphrase, int kdfRounds, bool force, string fingerprintHash = "SHA256")
        {
            if (format == KeyFileFormat.Both) throw new ArgumentException("Convert writes one format: OpenSSH or PuTTY.", nameof(format));
            KeyFile file = KeyFileReader.ReadFile(source, passphrase);
            if (file.Kind == KeyFileKind.Public) throw KeyErrors.NotAPrivateKey(source);
            if (!file.Key.HasPrivateKey) throw KeyErrors.PassphraseRequired(source);

            if (!force && (File.Exists(destination) || Directory.Exists(destination))) throw KeyErrors.FileExists(destination);
            if (Directory.Exists(destination)) throw KeyErrors.FileExists(destination);
            PrivateKeyFileCreator.CreateFolder(Path.GetDirectoryName(destination));

            byte[] pass = Passphrase.ToUtf8(newPassphrase ?? (file.Encrypted ? passphrase : null));
            byte[] content = null;
            try
            {
                content = format == KeyFileFormat.PuTTY ? PuttyKeyWriter.Write(file.Key, pass) : OpenSshPrivateKeyWriter.Write(file.Key, pass, kdfRounds);
                PrivateKeyFileCreator.Write(destination, content, force);
                bool encrypted = pass.Length > 0;
                if (format == KeyFileFormat.PuTTY)
                {
                    string openSsh = file.Kind == KeyFileKind.Putty ? null : source;
                    return Describe(file.Key, fingerprintHash, openSsh, ExistingPub(openSsh ?? BaseName(destination)), destination, encrypted);
                }
                return Describe(file.Key, fingerprintHash, destination, ExistingPub(destination), file.Kind == KeyFileKind.Putty ? source : null, encrypted);
            }
            finally
            {
                Bytes.Clear(pass, content);
                file.Key.Clear();
            }
        }

        private static string ExistingPub(string basePath) =>
            basePath != null && File.Exists(basePath + ".pub") ? basePath + ".pub" : null;

        /// <summary>A .ppk path without its extension: where the OpenSSH key and .pub of the same pair live.</summary>
        private static string BaseName(string path) =>
            path.EndsWith(".ppk", StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.Length - 4) : path;

        internal static KeyPair Describe(SshKey key, string fingerprintHash, string privatePath, string publicPath, string puttyPath, bool encrypted)
        {
            byte[] blob = key.PublicBlob();
            return new KeyPair
            {
                Algorithm = key.Algorithm.ToString(),
                KeySize = key.KeySize,
                Fingerprint = Fingerprint.Of(blob, fingerprintHash),
                Comment = key.Comment ?? "",
                PublicKey = PublicKeyLine.Format(key),
                PrivateKeyPath = privatePath,
                PublicKeyPath = publicPath,
                PuttyKeyPath = puttyPath,
                Encrypted = encrypted,
            };
        }
    }
}
