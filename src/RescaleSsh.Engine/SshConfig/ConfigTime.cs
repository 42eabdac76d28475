namespace RescaleSsh.SshConfig
{
    /// <summary>OpenSSH's time values (misc.c convtime): seconds, or a sequence like 1h30m with s/m/h/d/w suffixes; -1 when invalid.</summary>
    internal static class ConfigTime
    {
        internal static long Parse(string text)
        {
            if (string.IsNullOrEmpty(text)) return -1;
            long total = 0;
            int p = 0;
            while (p < text.Length)
            {
                // strtol: leading whitespace and a sign, then digits.
                int q = p;
                while (q < text.Length && (text[q] == ' ' || text[q] == '\t' || text[q] == '\n' || text[q] == '\r' || text[q] == '\f' || text[q] == '\v')) q++;
                bool negative = false;
                if (q < text.Length && (text[q] == '+' || text[q] == '-')) negative = text[q++] == '-';
                int digitsStart = q;
                long seconds = 0;
                while (q < text.Length && text[q] >= '0' && text[q] <= '9')
                {
                    seconds = seconds * 10 + (text[q] - '0');
                    if (seconds > int.MaxValue) return -1;
                    q++;
                }
                if (q == digitsStart) return -1;
                if (negative && seconds > 0) return -1;
                long multiplier = 1;
                if (q < text.Length)
                {
                    switch (text[q])
                    {
                        case 's': case 'S': break;
                        case 'm': case 'M': multiplier = 60; break;
                        case 'h': case 'H': multiplier = 3600; break;
                        case 'd': case 'D': multiplier = 86400; break;
                        case 'w': case 'W': multiplier = 604800; break;
                        default: return -1;
                    }
                    q++;
                }
                if (seconds > int.MaxValue / multiplier) return -1;
                seconds *= multiplier;
                if (total > int.MaxValue - seconds) return -1;
                total += seconds;
                p = q;
            }
            return total;
        }
    }
}
