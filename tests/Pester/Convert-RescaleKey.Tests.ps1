# Convert-RescaleKey, as a user meets it: PuTTYgen's Conversions menu (OpenSSH <-> PuTTY .ppk).
# No device needed; every file is under TestDrive. Needs ssh-keygen on PATH.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'Convert-RescaleKey' {
    It 'makes a .ppk for WinSCP from my OpenSSH key, and back again with the same fingerprint' {
        $path = Join-Path $TestDrive 'round'
        $pair = New-RescaleKeyPair -Path $path -Algorithm ECDSA
        $ppk = Convert-RescaleKey -Path $path -Format PuTTY
        $ppk.PuttyKeyPath | Should -Be "$path.ppk"
        $ppk.Fingerprint | Should -Be $pair.Fingerprint
        $back = Convert-RescaleKey -Path "$path.ppk" -Format OpenSSH -Destination (Join-Path $TestDrive 'back')
        $back.Fingerprint | Should -Be $pair.Fingerprint
        (& ssh-keygen -y -f (Join-Path $TestDrive 'back')).Split(' ')[1] | Should -Be $pair.PublicKey.Split(' ')[1]
    }

    It 'changes the passphrase on the way with -NewPassphrase' {
        $path = Join-Path $TestDrive 'plain'
        $pair = New-RescaleKeyPair -Path $path -Algorithm Ed25519
        $new = ConvertTo-SecureString 'new secret' -AsPlainText -Force
        $converted = Convert-RescaleKey -Path $path -Format OpenSSH -Destination (Join-Path $TestDrive 'locked') -NewPassphrase $new -KdfRounds 4
        $converted.Encrypted | Should -BeTrue
        (& ssh-keygen -y -P 'new secret' -f (Join-Path $TestDrive 'locked')).Split(' ')[1] | Should -Be $pair.PublicKey.Split(' ')[1]
    }

    It 'converts what New-RescaleKeyPair pipes to it' {
        $pair = New-RescaleKeyPair -Path (Join-Path $TestDrive 'piped') -Algorithm Ed25519 | Convert-RescaleKey -Format PuTTY
        Join-Path $TestDrive 'piped.ppk' | Should -Exist
        $pair.PuttyKeyPath | Should -Be (Join-Path $TestDrive 'piped.ppk')
    }

    It 'refuses a public key where the private key is needed' {
        $pair = New-TestKey 'pub'
        { Convert-RescaleKey -Path $pair.PublicKeyPath -Format PuTTY -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotAPrivateKey,RescaleSsh.Commands.ConvertRescaleKeyCommand'
    }

    It 'will not overwrite an existing .ppk without -Force, and does with it' {
        $pair = New-TestKey 'twice'
        Convert-RescaleKey -Path $pair.PrivateKeyPath -Format PuTTY | Out-Null
        Convert-RescaleKey -Path $pair.PrivateKeyPath -Format PuTTY -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $Error[0].FullyQualifiedErrorId | Should -Be 'KeyFileExists,RescaleSsh.Commands.ConvertRescaleKeyCommand'
        (Convert-RescaleKey -Path $pair.PrivateKeyPath -Format PuTTY -Force).Fingerprint | Should -Be $pair.Fingerprint
    }

    It 'writes nothing under -WhatIf' {
        $pair = New-TestKey 'whatif'
        Convert-RescaleKey -Path $pair.PrivateKeyPath -Format PuTTY -WhatIf
        "$($pair.PrivateKeyPath).ppk" | Should -Not -Exist
    }
}
