# New-RescaleKeyPair, as a user meets it: PuTTYgen's "Generate" and "Export OpenSSH key" in one command.
# No device needed; every -Path is under TestDrive. Needs ssh-keygen on PATH.

BeforeDiscovery {
    $onUnix = $PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'New-RescaleKeyPair' {
    It 'makes an <Algorithm> key that ssh-keygen reads with the same fingerprint' -ForEach @(
        @{ Algorithm = 'RSA'; KeySize = 2048 }
        @{ Algorithm = 'Ed25519'; KeySize = $null }
        @{ Algorithm = 'ECDSA'; KeySize = 384 }
    ) {
        $path = Join-Path $TestDrive "key_$Algorithm"
        $parameters = @{ Path = $path; Algorithm = $Algorithm; Comment = 'me@laptop' }
        if ($KeySize) { $parameters.KeySize = $KeySize }
        $pair = New-RescaleKeyPair @parameters
        $pair.Fingerprint | Should -Be (Get-ToolFingerprint "$path.pub")
        $pair.PublicKey | Should -Be (Get-Content "$path.pub")
        $pair.Comment | Should -Be 'me@laptop'
        (& ssh-keygen -y -f $path).Split(' ')[1] | Should -Be $pair.PublicKey.Split(' ')[1]
    }

    It 'writes the PuTTY .ppk beside the OpenSSH key with -Format Both' {
        $path = Join-Path $TestDrive 'both'
        $pair = New-RescaleKeyPair -Path $path -Algorithm Ed25519 -Format Both
        $pair.PuttyKeyPath | Should -Be "$path.ppk"
        (Get-Content "$path.ppk" -TotalCount 1) | Should -Be 'PuTTY-User-Key-File-3: ssh-ed25519'
        (Get-RescaleKey -Path "$path.ppk").Fingerprint | Should -Be $pair.Fingerprint
    }

    It 'encrypts the key with -Passphrase, so that ssh-keygen needs that passphrase' {
        $path = Join-Path $TestDrive 'encrypted'
        $passphrase = ConvertTo-SecureString 'correct horse' -AsPlainText -Force
        $pair = New-RescaleKeyPair -Path $path -Algorithm Ed25519 -Passphrase $passphrase -KdfRounds 4
        $pair.Encrypted | Should -BeTrue
        (& ssh-keygen -y -P 'correct horse' -f $path).Split(' ')[1] | Should -Be $pair.PublicKey.Split(' ')[1]
        & ssh-keygen -y -P 'wrong horse' -f $path 2>$null | Should -BeNullOrEmpty
    }

    It 'keeps the private key readable by me alone (mode 0600)' -Skip:(-not $onUnix) {
        $path = Join-Path $TestDrive 'mode'
        New-RescaleKeyPair -Path $path -Algorithm Ed25519 | Out-Null
        (Get-Item $path).UnixMode | Should -Be '-rw-------'
    }

    It 'keeps the private key readable by me alone (an owner-only ACL, inheritance removed)' -Skip:$onUnix {
        $path = Join-Path $TestDrive 'acl'
        New-RescaleKeyPair -Path $path -Algorithm Ed25519 | Out-Null
        $me = [System.Security.Principal.WindowsIdentity]::GetCurrent().User
        $acl = Get-Acl -LiteralPath $path
        $acl.AreAccessRulesProtected | Should -BeTrue
        $rules = @($acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]))
        $rules.Count | Should -Be 1
        $rules[0].IdentityReference | Should -Be $me
        $rules[0].AccessControlType | Should -Be 'Allow'
    }

    It 'will not overwrite my existing key: $Error[0] says KeyFileExists and the file is unchanged' {
        $path = Join-Path $TestDrive 'exists'
        New-RescaleKeyPair -Path $path -Algorithm Ed25519 | Out-Null
        $before = (Get-FileHash $path).Hash
        New-RescaleKeyPair -Path $path -Algorithm Ed25519 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $Error[0].FullyQualifiedErrorId | Should -Be 'KeyFileExists,RescaleSsh.Commands.NewRescaleKeyPairCommand'
        $Error[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-FileHash $path).Hash | Should -Be $before
    }

    It 'replaces it with -Force' {
        $path = Join-Path $TestDrive 'replaced'
        $old = New-RescaleKeyPair -Path $path -Algorithm Ed25519
        $new = New-RescaleKeyPair -Path $path -Algorithm Ed25519 -Force
        $new.Fingerprint | Should -Not -Be $old.Fingerprint
        Get-ToolFingerprint "$path.pub" | Should -Be $new.Fingerprint
    }

    It 'stops with -ErrorAction Stop on a key size that does not fit the algorithm, writing nothing' {
        { New-RescaleKeyPair -Path (Join-Path $TestDrive 'x') -Algorithm Ed25519 -KeySize 256 -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeySizeNotApplicable,RescaleSsh.Commands.NewRescaleKeyPairCommand'
        { New-RescaleKeyPair -Path (Join-Path $TestDrive 'y') -KeySize 1024 -ErrorAction Stop } |
            Should -Throw -ErrorId 'KeySizeInvalid,RescaleSsh.Commands.NewRescaleKeyPairCommand'
        Join-Path $TestDrive 'x' | Should -Not -Exist
        Join-Path $TestDrive 'y' | Should -Not -Exist
    }

    It 'writes nothing under -WhatIf' {
        New-RescaleKeyPair -Path (Join-Path $TestDrive 'whatif') -Algorithm Ed25519 -Format Both -WhatIf
        Join-Path $TestDrive 'whatif' | Should -Not -Exist
        Join-Path $TestDrive 'whatif.ppk' | Should -Not -Exist
    }

    It 'shows the algorithm and fingerprint in its table, and every path in Format-List' {
        $pair = New-TestKey 'shown' 'alice@laptop'
        $table = $pair | Out-String -Width 200
        $table | Should -BeLike '*Ed25519*'
        $table | Should -BeLike "*$($pair.Fingerprint.Substring(0, 20))*"
        $list = $pair | Format-List * | Out-String -Width 300
        $list | Should -BeLike "*$($pair.PrivateKeyPath)*"
        $list | Should -BeLike "*$($pair.PublicKeyPath)*"
        $list | Should -BeLike '*alice@laptop*'
    }
}
