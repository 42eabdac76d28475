# Get-RescaleKey, as a user meets it: "what is this key's fingerprint?" for key files and key lines.
# No device needed; every file is under TestDrive. Needs ssh-keygen on PATH.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
}

Describe 'Get-RescaleKey' {
    It 'shows the fingerprint of a public key file as ssh-keygen -l does' {
        $pair = New-TestKey 'plain' 'me@laptop'
        $key = Get-RescaleKey -Path $pair.PublicKeyPath
        $key.Fingerprint | Should -Be (Get-ToolFingerprint $pair.PublicKeyPath)
        $key.Comment | Should -Be 'me@laptop'
        $key.Algorithm | Should -Be 'Ed25519'
    }

    It 'reads an encrypted ssh-keygen key with its passphrase' {
        $path = Join-Path $TestDrive 'enc'
        & ssh-keygen -q -t ed25519 -N 'pester passphrase' -a 4 -f $path
        $passphrase = ConvertTo-SecureString 'pester passphrase' -AsPlainText -Force
        (Get-RescaleKey -Path $path -Passphrase $passphrase).Fingerprint | Should -Be (Get-ToolFingerprint "$path.pub")
    }

    It 'tells me when the passphrase is wrong: $Error[0] says KeyPassphraseIncorrect' {
        $path = Join-Path $TestDrive 'enc2'
        & ssh-keygen -q -t ed25519 -N 'right' -a 4 -f $path
        $wrong = ConvertTo-SecureString 'wrong' -AsPlainText -Force
        Get-RescaleKey -Path $path -Passphrase $wrong -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $Error[0].FullyQualifiedErrorId | Should -Be 'KeyPassphraseIncorrect,RescaleSsh.Commands.GetRescaleKeyCommand'
        "$($Error[0])" | Should -Not -BeLike '*wrong*'
    }

    It 'reads every key piped from Get-ChildItem, and every key a wildcard matches' {
        $folder = Join-Path $TestDrive 'many'
        $a = New-RescaleKeyPair -Path (Join-Path $folder 'a') -Algorithm Ed25519
        $b = New-RescaleKeyPair -Path (Join-Path $folder 'b') -Algorithm ECDSA
        (Get-ChildItem -Path $folder -Filter '*.pub' | Get-RescaleKey).Fingerprint | Should -Be @($a.Fingerprint, $b.Fingerprint)
        @(Get-RescaleKey -Path (Join-Path $folder '*.pub')).Count | Should -Be 2
    }

    It 'describes a public key line someone pasted into a mail' {
        $pair = New-TestKey 'pasted' 'bob@desk'
        $key = Get-RescaleKey -PublicKey $pair.PublicKey
        $key.Fingerprint | Should -Be $pair.Fingerprint
        $key.Comment | Should -Be 'bob@desk'
    }

    It 'gives MD5 fingerprints on request, as ssh-keygen -E md5 does' {
        $pair = New-TestKey 'md5'
        $md5 = (& ssh-keygen -l -E md5 -f $pair.PublicKeyPath).Split(' ')[1]
        (Get-RescaleKey -Path $pair.PublicKeyPath -FingerprintHash MD5).Fingerprint | Should -Be $md5
    }

    It 'reports a file that is not a key as KeyFileInvalid and a missing one as KeyFileNotFound, and goes on' {
        $text = Join-Path $TestDrive 'notes.txt'
        Set-Content -Path $text -Value 'hello'
        $good = New-TestKey 'good'
        $errors = $null
        $keys = Get-RescaleKey -Path $text, (Join-Path $TestDrive 'missing.pub'), $good.PublicKeyPath -ErrorAction SilentlyContinue -ErrorVariable errors
        @($keys).Count | Should -Be 1
        $keys.Fingerprint | Should -Be $good.Fingerprint
        $errors.FullyQualifiedErrorId | Should -Be @(
            'KeyFileInvalid,RescaleSsh.Commands.GetRescaleKeyCommand'
            'KeyFileNotFound,RescaleSsh.Commands.GetRescaleKeyCommand'
        )
    }
}
