using System.Globalization;

namespace RescaleSsh.Keys
{
    /// <summary>
    /// The most work a key file may ask of its passphrase's key derivation. A file is checked against these before any
    /// derivation runs; above them it is refused with KeyKdfTooExpensive naming the parameter, instead of keeping a
    /// command (times -ThrottleLimit devices) busy for minutes or hours.
    ///
    /// Why these numbers. Neither tool has a ceiling of its own (ssh-keygen -a takes 1 to 2^31-1 rounds; puttygen's
    /// --ppk-param memory/passes/time and PuTTYgen's "Parameters for saving key files" take any number), so each cap
    /// sits well above the tools' defaults and the settings published hardening guides choose, and below what would
    /// stall a command (measured on the CI machine, one core, managed code):
    ///  - bcrypt_pbkdf rounds (openssh-key-v1): ssh-keygen writes 16 by default and guides suggest -a 100 (some 256);
    ///    about 9 ms per round here (ssh-keygen itself about 7 ms), so 1024 rounds cost about 9 s.
    ///  - Argon2 (PPK v3): PuTTYgen writes Argon2id, 8192 KiB, passes tuned to 100 ms, parallelism 1 (about 10-30
    ///    passes on a current PC). Memory is capped at 256 MiB (32 times the default; it is allocated at once), and
    ///    the work, memory times passes, at 8 GiB (about 10-20 s here; PuTTYgen's time=1000, ten times its default, writes a few GiB).
    ///    Parallelism up to 64: the lanes run one after another here, so they add no work.
    ///  - PBKDF2 iterations (PKCS#8 PBES2, and the PBES1 and PKCS#12 iteration counts): OpenSSL and ssh-keygen -m PKCS8
    ///    write 2048; OWASP's 2023 advice for HMAC-SHA-256 is 600,000. 10,000,000 cost about 8 s here.
    /// </summary>
    internal static class KdfLimits
    {
        internal const int MaxBcryptRounds = 1024;
        internal const long MaxArgon2MemoryKiB = 256 * 1024;
        internal const long MaxArgon2WorkKiB = 8L * 1024 * 1024;
        internal const long MaxArgon2Parallelism = 64;
        internal const long MaxPbkdf2Iterations = 10_000_000;

        internal static void CheckBcrypt(string path, long rounds)
        {
            if (rounds > MaxBcryptRounds)
            {
                throw KeyErrors.KdfTooExpensive(path, $"bcrypt_pbkdf rounds {N(rounds)}", $"{N(MaxBcryptRounds)} rounds",
                    $"Re-encrypt it with fewer rounds: ssh-keygen -p -a 100 -f \"{path}\".");
            }
        }

        internal static void CheckArgon2(string path, long memoryKiB, long passes, long parallelism)
        {
            const string Resave = "Save it again with PuTTYgen's default parameters (puttygen KEY.ppk -O private -o KEY.ppk --ppk-param memory=8192,time=100, or Key > Parameters for saving key files).";
            if (memoryKiB > MaxArgon2MemoryKiB)
                throw KeyErrors.KdfTooExpensive(path, $"Argon2-Memory {N(memoryKiB)} KiB", $"{N(MaxArgon2MemoryKiB)} KiB", Resave);
            if (parallelism > MaxArgon2Parallelism)
                throw KeyErrors.KdfTooExpensive(path, $"Argon2-Parallelism {N(parallelism)}", N(MaxArgon2Parallelism), Resave);
            if (memoryKiB * passes > MaxArgon2WorkKiB)
            {
                throw KeyErrors.KdfTooExpensive(path, $"Argon2-Passes {N(passes)} at Argon2-Memory {N(memoryKiB)} KiB",
                    $"{N(MaxArgon2WorkKiB / 1024 / 1024)} GiB of memory passes (memory times passes)", Resave);
            }
        }

        internal static void CheckIterations(string path, string what, long iterations)
        {
            if (iterations > MaxPbkdf2Iterations)
            {
                throw KeyErrors.KdfTooExpensive(path, $"{what} iterations {N(iterations)}", $"{N(MaxPbkdf2Iterations)} iterations",
                    $"Re-encrypt it in OpenSSH's format: ssh-keygen -p -f \"{path}\".");
            }
        }

        private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
