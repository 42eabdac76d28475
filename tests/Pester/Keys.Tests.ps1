#Requires -Modules Pester
# Mirrors a few behaviours the xunit suite (tests/RescaleSsh.Tests/Keys) proves, for machines with pwsh.
# Run after building: Invoke-Pester tests/Pester/Keys.Tests.ps1
# Needs ssh-keygen on PATH; never touches ~/.ssh (every -Path is under $TestDrive).

BeforeDiscovery {
    # -Skip is evaluated during discovery, before BeforeAll runs: the platform must be known here.
    $isUnix = $PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows
}

BeforeAll {
    $manifest = Join-Path $PSScriptRoot '../../out/RescaleSsh/RescaleSsh.psd1'
    Import-Module $manifest -Force -ErrorAction Stop
    function Get-ToolFingerprint([string] $PublicKeyPath) {
        (& ssh-keygen -l -f $PublicKeyPath).Split(' ')[1]
    }
}

Describe 'New-RescaleKeyPair' {
    It 'writes an <Algorithm> key whose fingerprint ssh-keygen agrees with' -ForEach @(
        @{ Algorithm = 'RSA'; KeySize = 2048 }
        @{ Algorithm = 'Ed25519'; KeySize = $null }
        @{ Algorithm = 'ECDSA'; KeySize = 384 }
    ) {
        $path = Join-Path $TestDrive "key_$Algorithm"
        $parameters = @{ Path = $path; Algorithm = $Algorithm; Comment = 'pester@test' }
        if ($KeySize) { $parameters.KeySize = $KeySize }
        $pair = New-RescaleKeyPair @parameters
        $pair.Fingerprint | Should -Be (Get-ToolFingerprint "$path.pub")
        $pair.PublicKey | Should -Be (Get-Content "$path.pub")
        (& ssh-keygen -y -f $path).Split(' ')[1] | Should -Be $pair.PublicKey.Split(' ')[1]
    }

    It 'creates the private key with mode 0600' -Skip:(-not $isUnix) {
        $path = Join-Path $TestDrive 'mode'
        New-RescaleKeyPair -Path $path -Algorithm Ed25519 | Out-Null
        (Get-Item $path).UnixMode | Should -Be '-rw-------'
    }

    It 'creates the private key with an owner-only ACL, inheritance removed' -Skip:$isUnix {
        $path = Join-Path $TestDrive 'acl'
        New-RescaleKeyPair -Path $path -Algorithm Ed25519 | Out-Null
        $me = [System.Security.Principal.WindowsIdentity]::GetCurrent().User
        $acl = Get-Acl -LiteralPath $path
        $acl.AreAccessRulesProtected | Should -BeTrue
        $acl.GetOwner([System.Security.Principal.SecurityIdentifier]) | Should -Be $me
        $rules = @($acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]))
        $rules.Count | Should -Be 1
        $rules[0].IdentityReference | Should -Be $me
        $rules[0].AccessControlType | Should -Be 'Allow'
        $rules[0].FileSystemRights | Should -Be 'FullControl'
    }

    It 'refuses to overwrite without -Force and leaves the file as it was' {
        $path = Join-Path $TestDrive 'exists'
        New-RescaleKeyPair -Path $path -Algorithm Ed25519 | Out-Null
        $before = Get-FileHash $path
        { New-RescaleKeyPair -Path $path -Algorithm Ed25519 -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeyFileExists,RescaleSsh.Commands.NewRescaleKeyPairCommand'
        (Get-FileHash $path).Hash | Should -Be $before.Hash
    }

    It 'refuses -KeySize with Ed25519 and RSA keys below 2048 bits' {
        { New-RescaleKeyPair -Path (Join-Path $TestDrive 'x') -Algorithm Ed25519 -KeySize 256 } |
            Should -Throw -ErrorId 'KeySizeNotApplicable,RescaleSsh.Commands.NewRescaleKeyPairCommand'
        { New-RescaleKeyPair -Path (Join-Path $TestDrive 'y') -KeySize 1024 } |
            Should -Throw -ErrorId 'KeySizeInvalid,RescaleSsh.Commands.NewRescaleKeyPairCommand'
        Join-Path $TestDrive 'x' | Should -Not -Exist
    }

    It 'writes nothing under -WhatIf' {
        New-RescaleKeyPair -Path (Join-Path $TestDrive 'whatif') -Algorithm Ed25519 -WhatIf
        Join-Path $TestDrive 'whatif' | Should -Not -Exist
    }
}

Describe 'Get-RescaleKey and Convert-RescaleKey' {
    It 'reads an encrypted ssh-keygen key with its passphrase and reports a wrong one' {
        $path = Join-Path $TestDrive 'enc'
        & ssh-keygen -q -t ed25519 -N 'pester passphrase' -f $path
        $pass = ConvertTo-SecureString 'pester passphrase' -AsPlainText -Force
        (Get-RescaleKey -Path $path -Passphrase $pass).Fingerprint | Should -Be (Get-ToolFingerprint "$path.pub")
        $wrong = ConvertTo-SecureString 'wrong' -AsPlainText -Force
        { Get-RescaleKey -Path $path -Passphrase $wrong -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeyPassphraseIncorrect,RescaleSsh.Commands.GetRescaleKeyCommand'
    }

    It 'reads keys piped from Get-ChildItem, by wildcard and as -PublicKey lines, with MD5 fingerprints on request' {
        $folder = Join-Path $TestDrive 'many'
        $a = New-RescaleKeyPair -Path (Join-Path $folder 'a') -Algorithm Ed25519
        $b = New-RescaleKeyPair -Path (Join-Path $folder 'b') -Algorithm ECDSA
        (Get-ChildItem -Path $folder -Filter '*.pub' | Get-RescaleKey).Fingerprint | Should -Be @($a.Fingerprint, $b.Fingerprint)
        @(Get-RescaleKey -Path (Join-Path $folder '*.pub')).Count | Should -Be 2
        (Get-RescaleKey -PublicKey $a.PublicKey).Fingerprint | Should -Be $a.Fingerprint
        $md5 = (& ssh-keygen -l -E md5 -f $a.PublicKeyPath).Split(' ')[1]
        (Get-RescaleKey -Path $a.PublicKeyPath -FingerprintHash MD5).Fingerprint | Should -Be $md5
    }

    It 'round-trips OpenSSH to PPK and back with the same fingerprint' {
        $path = Join-Path $TestDrive 'round'
        $pair = New-RescaleKeyPair -Path $path -Algorithm ECDSA
        $ppk = Convert-RescaleKey -Path $path -Format PuTTY
        $ppk.PuttyKeyPath | Should -Be "$path.ppk"
        $back = Convert-RescaleKey -Path "$path.ppk" -Format OpenSSH -Destination (Join-Path $TestDrive 'back')
        $back.Fingerprint | Should -Be $pair.Fingerprint
    }

    It 'refuses a public key where a private key is needed' {
        $path = Join-Path $TestDrive 'pub'
        New-RescaleKeyPair -Path $path -Algorithm Ed25519 | Out-Null
        { Convert-RescaleKey -Path "$path.pub" -Format PuTTY -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotAPrivateKey,RescaleSsh.Commands.ConvertRescaleKeyCommand'
    }
}
