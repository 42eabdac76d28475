using System;
using System.Collections.Generic;

namespace RescaleSsh.SshConfig
{
    /// <summary>
    /// Every keyword OpenSSH's client accepts (readconf.c keywords[], OpenSSH 9.x with Debian's aliases), so that a
    /// keyword this module does not use is accepted and ignored while a misspelt one is an error, as in ssh.
    /// </summary>
    internal static class ConfigKeywords
    {
        internal static readonly HashSet<string> Known = new HashSet<string>(StringComparer.Ordinal)
        {
            "host", "match", "include", "hostname", "user", "port", "identityfile", "identityfile2", "identitiesonly",
            "identityagent", "userknownhostsfile", "globalknownhostsfile", "stricthostkeychecking", "connecttimeout",
            "hostkeyalias", "serveraliveinterval", "serveralivecountmax", "proxycommand", "proxyjump", "proxyusefdpass",
            "ignoreunknown", "canonicalizehostname", "canonicaldomains", "canonicalizefallbacklocal", "canonicalizemaxdots",
            "canonicalizepermittedcnames", "bindaddress", "bindinterface", "batchmode", "forwardagent", "forwardx11",
            "forwardx11trusted", "forwardx11timeout", "exitonforwardfailure", "xauthlocation", "gatewayports",
            "passwordauthentication", "kbdinteractiveauthentication", "kbdinteractivedevices",
            "challengeresponseauthentication", "skeyauthentication", "tisauthentication", "pubkeyauthentication",
            "dsaauthentication", "hostbasedauthentication", "certificatefile", "addkeystoagent", "ciphers", "macs",
            "remoteforward", "localforward", "permitremoteopen", "escapechar", "connectionattempts", "checkhostip",
            "compression", "tcpkeepalive", "keepalive", "numberofpasswordprompts", "syslogfacility", "loglevel",
            "logverbose", "dynamicforward", "preferredauthentications", "hostkeyalgorithms", "casignaturealgorithms",
            "clearallforwardings", "enablesshkeysign", "verifyhostkeydns", "nohostauthenticationforlocalhost",
            "rekeylimit", "addressfamily", "sendenv", "setenv", "controlpath", "controlmaster", "controlpersist",
            "hashknownhosts", "tunnel", "tunneldevice", "localcommand", "permitlocalcommand", "remotecommand",
            "visualhostkey", "kexalgorithms", "ipqos", "requesttty", "sessiontype", "stdinnull",
            "forkafterauthentication", "streamlocalbindmask", "streamlocalbindunlink", "revokedhostkeys",
            "fingerprinthash", "updatehostkeys", "hostbasedacceptedalgorithms", "hostbasedkeytypes",
            "pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes", "securitykeyprovider", "knownhostscommand",
            "requiredrsasize", "enableescapecommandline", "protocolkeepalives", "setuptimeout", "pkcs11provider",
            "smartcarddevice", "gssapiauthentication", "gssapikeyexchange", "gssapidelegatecredentials",
            "gssapitrustdns", "gssapiclientidentity", "gssapiserveridentity", "gssapirenewalforcesrekey",
            "gssapikexalgorithms", "afstokenpassing", "kerberosauthentication", "kerberostgtpassing",
            "rsaauthentication", "rhostsrsaauthentication", "compressionlevel", "cipher", "protocol", "fallbacktorsh",
            "globalknownhostsfile2", "rhostsauthentication", "useblacklistedkeys", "userknownhostsfile2", "useroaming",
            "usersh", "useprivilegedport",
            // Newer than OpenSSH 9.2, accepted so that a config written for a newer ssh still resolves.
            "tag", "channeltimeout", "obscurekeystroketiming",
        };
    }
}
