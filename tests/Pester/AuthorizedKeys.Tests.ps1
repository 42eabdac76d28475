#Requires -Modules Pester
# Mirrors a few behaviours the xunit suite (tests/RescaleSsh.Tests/AuthorizedKeys) proves, for machines with pwsh.
# Run after building: Invoke-Pester tests/Pester/AuthorizedKeys.Tests.ps1
# Needs ssh-keygen on PATH. The device tests run only when RESCALESSH_TEST_DEVICE ('user@host:port') and
# RESCALESSH_TEST_KEY (a private key that logs into it) name a disposable test account; they never touch ~/.ssh.

BeforeDiscovery {
    # -Skip is evaluated during discovery, before BeforeAll runs.
    $noDevice = -not ($env:RESCALESSH_TEST_DEVICE -and $env:RESCALESSH_TEST_KEY)
}

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/RescaleSsh/RescaleSsh.psd1'
    Import-Module $manifest -Force -ErrorAction Stop
    function New-TestKey([string] $Name, [string] $Comment) {
        # Not ssh-keygen -N '': Windows PowerShell 5.1 and PowerShell 7.2 drop the empty argument.
        $path = Join-Path $TestDrive $Name
        New-RescaleKeyPair -Path $path -Algorithm Ed25519 -Comment $Comment | Out-Null
        $path
    }
    $device = $env:RESCALESSH_TEST_DEVICE
    $loginKey = $env:RESCALESSH_TEST_KEY
    # A fresh known_hosts per run: a throwaway sshd gets a new host key each time.
    $knownHosts = Join-Path $TestDrive 'known_hosts'
}

Describe 'Get-RescaleAuthorizedKey -Path' {
    It 'reads every key form, keeps options and warns about a malformed line by number' {
        $a = New-TestKey 'a' 'alice@laptop'
        $file = Join-Path $TestDrive 'authorized_keys'
        $line = Get-Content "$a.pub"
        [IO.File]::WriteAllText($file, "$([char]0xFEFF)# comment`r`n`r`nfrom=`"10.0.0.1,10.0.0.2`",command=`"echo x y`" $line`r`nnot a key`n$line")
        $keys = Get-RescaleAuthorizedKey -Path $file -WarningVariable warnings -WarningAction SilentlyContinue
        $keys.Count | Should -Be 2
        $keys[0].Options | Should -Be 'from="10.0.0.1,10.0.0.2",command="echo x y"'
        $keys[0].Comment | Should -Be 'alice@laptop'
        $keys[0].Fingerprint | Should -Be ((& ssh-keygen -l -f "$a.pub").Split(' ')[1])
        $keys[0].LineNumber | Should -Be 3
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'Line 4'
    }

    It 'yields nothing for a missing file' {
        Get-RescaleAuthorizedKey -Path (Join-Path $TestDrive 'missing') | Should -BeNullOrEmpty
    }
}

Describe 'Add-RescaleAuthorizedKey refuses private keys' {
    It 'fails with NotAPublicKey before connecting and does not echo the key' {
        $k = New-TestKey 'secret' 'secret'
        $secretLine = (Get-Content $k)[1]
        $thrown = { Add-RescaleAuthorizedKey 'nobody@192.0.2.1' -PublicKeyPath $k -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotAPublicKey,RescaleSsh.Commands.AddRescaleAuthorizedKeyCommand' -PassThru
        "$thrown" | Should -Not -Match ([regex]::Escape($secretLine))
    }
}

Describe 'Help' {
    It '<Name> has a synopsis and at least two examples' -ForEach @(
        @{ Name = 'Add-RescaleAuthorizedKey' }, @{ Name = 'Get-RescaleAuthorizedKey' }, @{ Name = 'Remove-RescaleAuthorizedKey' }
    ) {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'On a test device' -Skip:$noDevice {
    It 'adds a key once, then reports AlreadyPresent, then removes it' {
        $k = New-TestKey 'fresh' 'pester@fresh'
        $common = @{ KeyFilePath = $loginKey; KnownHostsPath = $knownHosts }
        (Add-RescaleAuthorizedKey $device -PublicKeyPath "$k.pub" @common).Status | Should -Be 'Added'
        (Add-RescaleAuthorizedKey $device -PublicKeyPath "$k.pub" @common).Status | Should -Be 'AlreadyPresent'
        $fp = (& ssh-keygen -l -f "$k.pub").Split(' ')[1]
        (Get-RescaleAuthorizedKey $device -Fingerprint $fp @common | Remove-RescaleAuthorizedKey @common -Confirm:$false).Status | Should -Be 'Removed'
    }

    It '-WhatIf reports WouldAdd and adds nothing' {
        $k = New-TestKey 'whatif' 'pester@whatif'
        $common = @{ KeyFilePath = $loginKey; KnownHostsPath = $knownHosts }
        $fp = (& ssh-keygen -l -f "$k.pub").Split(' ')[1]
        (Add-RescaleAuthorizedKey $device -PublicKeyPath "$k.pub" -WhatIf @common).Status | Should -Be 'WouldAdd'
        Get-RescaleAuthorizedKey $device -Fingerprint $fp @common | Should -BeNullOrEmpty
    }

    It 'refuses to remove the login key without -Force' {
        $fp = (& ssh-keygen -l -f $loginKey).Split(' ')[1]
        { Remove-RescaleAuthorizedKey $device -Fingerprint $fp -KeyFilePath $loginKey -KnownHostsPath $knownHosts -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'LoginKeyProtected,RescaleSsh.Commands.RemoveRescaleAuthorizedKeyCommand'
    }
}
