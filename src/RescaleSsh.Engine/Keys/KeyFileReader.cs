using System;
using System.IO;
using System.Security;
using System.Text;
using RescaleSsh.Wire;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// Reads any key file the module supports — OpenSSH private (openssh-key-v1), PEM/PKCS#8, PuTTY PPK v2/v3,
    /// OpenSSH public key lines (.pub) and RFC 4716 public keys — recognising the format from its content.
    /// Every defect ends in a <see cref="RescaleSshException"/> with a stable id; nothing else escapes.
    /// </summary>
    internal static class KeyFileReader
    {
        /// <summary>No key file comes near this (an RSA-16384 PPK is about 8 KB); bigger files are refused unread.</summary>
        internal const int MaxFileBytes = 1024 * 1024;

        internal static KeyFile ReadFile(string path, SecureString passphrase)
        {
            if (Directory.Exists(path)) throw KeyErrors.FileInvalid(path, "it is a folder");
            if (!File.Exists(path)) throw KeyErrors.FileNotFound(path);
            if (new FileInfo(path).Length > MaxFileBytes) throw KeyErrors.FileTooLarge(path);
            byte[] content;
            try
            {
                content = ReadBounded(path);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                throw FailureTranslator.Translate(ex, path, "read the key file", writing: false);
            }
            byte[] pass = Passphrase.ToUtf8(passphrase);
            try
            {
                return Parse(content, pass, path);
            }
            finally
            {
                Bytes.Clear(content, pass);
            }
        }

        /// <summary>Reads at most MaxFileBytes (device files such as /dev/zero report length 0 and never end).</summary>
        private static byte[] ReadBounded(string path)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                var buffer = new byte[MaxFileBytes + 1];
                int total = 0, read;
                while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
                if (total > MaxFileBytes)
                {
                    Bytes.Clear(buffer);
                    throw KeyErrors.FileTooLarge(path);
                }
                var content = new byte[total];
                Buffer.BlockCopy(buffer, 0, content, 0, total);
                Bytes.Clear(buffer);
                return content;
            }
        }

        /// <summary>Parses a key file's bytes; <paramref name="path"/> only names the file in error messages.</summary>
        internal static KeyFile Parse(byte[] content, byte[] passphrase, string path)
        {
            if (content.Length > MaxFileBytes) throw KeyErrors.FileTooLarge(path);
            string text = Encoding.UTF8.GetString(content);
            try
            {
                if (PuttyKeyReader.Recognises(text)) return PuttyKeyReader.Read(text, passphrase, path);
                if (OpenSshPrivateKeyReader.Recognises(text)) return OpenSshPrivateKeyReader.Read(text, passphrase, path);
                if (Rfc4716PublicKeyReader.Recognises(text)) return new KeyFile(Rfc4716PublicKeyReader.Read(text), KeyFileKind.Public, false);
                if (PemKeyReader.Recognises(text)) return PemKeyReader.Read(text, passphrase, path);
                return new KeyFile(PublicKeyLine.Parse(FirstKeyLine(text)), KeyFileKind.Public, false);
            }
            catch (RescaleSshException)
            {
                throw;
            }
            catch (MalformedDataException ex)
            {
                throw KeyErrors.FileInvalid(path, ex.Message);
            }
            catch (KeyTypeNotSupportedException ex)
            {
                throw KeyErrors.TypeNotSupported(path, ex.TypeName);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException) && !(ex is StackOverflowException))
            {
                // Anything a library throws on malformed input (ASN.1, curve arithmetic, …) is a malformed file here.
                throw KeyErrors.FileInvalid(path, "its contents cannot be decoded");
            }
            finally
            {
                Passphrase.Wipe(text);
            }
        }

        /// <summary>Parses one OpenSSH public key line, as given to -PublicKey.</summary>
        internal static SshKey ParsePublicKeyLine(string line)
        {
            try
            {
                return PublicKeyLine.Parse(line);
            }
            catch (Exception ex) when (ex is MalformedDataException || ex is KeyTypeNotSupportedException)
            {
                throw KeyErrors.PublicKeyInvalid(line);
            }
        }

        private static string FirstKeyLine(string text)
        {
            foreach (var raw in text.Split('\n'))
            {
                string line = raw.Trim('\uFEFF', ' ', '\t', '\r');
                if (line.Length == 0 || line[0] == '#') continue;
                return line;
            }
            throw new MalformedDataException("it is empty");
        }
    }
}
