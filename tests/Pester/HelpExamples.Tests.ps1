# Every example in every cmdlet's help runs, as written, in a fresh PowerShell process: an example that does not
# run is a failing test. The code comes from the built MAML (out/RescaleSsh/en-US/RescaleSsh.dll-Help.xml); only
# what names the reader's world is substituted (the device, its port, C:/ and D:/ paths, a typed passphrase,
# a pinned fingerprint), and each example gets a fresh HOME holding what its reader would have (a Rescale key
# that logs in, ~/.ssh/known_hosts, a colleague's .pub, a devices.csv, folders to copy). Where an example
# needs a state first (open sessions, an encrypted key, a key to revoke), $ExamplePrelude below says so.
# The device's port comes from the world's ~/.ssh/config, as a reader on a non-standard port would set it (also for
# the aliases dev1 and dev2 the examples use); examples that use -Agent run under a fresh ssh-agent holding the
# reader's keys, and skip where there is no ssh-agent.
#
# Examples that reach the device need RESCALESSH_TEST_DEVICE, RESCALESSH_TEST_KEY and RESCALESSH_TEST_DEVICE_HOME
# (they seed and restore the device's home directly: authorized_keys and every new item are put back as they were).
# On Windows a process's profile folder cannot be redirected, so the examples (which write ~/.ssh) run only
# where RESCALESSH_TEST_THROWAWAY_PROFILE=1 says the profile is disposable (the CI job).

BeforeDiscovery {
    $manifest = Join-Path $PSScriptRoot '../../out/RescaleSsh/RescaleSsh.psd1'
    $maml = [xml](Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot '../../out/RescaleSsh/en-US/RescaleSsh.dll-Help.xml'))
    $namespaces = New-Object System.Xml.XmlNamespaceManager $maml.NameTable
    $namespaces.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
    $namespaces.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    $namespaces.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
    $examples = @()
    foreach ($command in $maml.SelectNodes('//command:command', $namespaces)) {
        $name = $command.SelectSingleNode('command:details/command:name', $namespaces).InnerText.Trim()
        $number = 0
        foreach ($example in $command.SelectNodes('command:examples/command:example', $namespaces)) {
            $number++
            $code = $example.SelectSingleNode('dev:code', $namespaces).InnerText
            $examples += @{
                Name        = $name
                Number      = $number
                Title       = $example.SelectSingleNode('maml:title', $namespaces).InnerText.Trim(' -')
                Code        = $code
                NeedsDevice = $code -match 'udeprod|10\.54\.7|devices\.csv|Session|\bdev1\b'
                NeedsAgent  = $code -match '-Agent\b'
            }
        }
    }
    $onWindows = $PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows
    $profileRedirectable = (-not $onWindows) -or $env:RESCALESSH_TEST_THROWAWAY_PROFILE -eq '1'
    $haveDevice = [bool]$env:RESCALESSH_TEST_DEVICE -and [bool]$env:RESCALESSH_TEST_KEY -and [bool]$env:RESCALESSH_TEST_DEVICE_HOME
    $haveAgent = (-not $onWindows) -and [bool](Get-Command ssh-agent -ErrorAction SilentlyContinue)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestEnvironment.ps1')
    $passphraseText = 'example passphrase'

    # What an example needs before it runs, beyond the common world: PowerShell run in the same process first.
    $ExamplePrelude = @{
        'Get-RescaleSession 1'          = '1..2 | ForEach-Object { New-RescaleSession DEVICE } | Out-Null'
        'Get-RescaleSession 2'          = '1..3 | ForEach-Object { New-RescaleSession DEVICE } | Out-Null'
        'Get-RescaleSession 3'          = 'New-RescaleSession DEVICE | Out-Null'
        'Remove-RescaleSession 2'       = '1..2 | ForEach-Object { New-RescaleSession DEVICE } | Out-Null'
        'Remove-RescaleSession 3'       = '1..5 | ForEach-Object { New-RescaleSession DEVICE } | Out-Null'
        'Test-RescaleConnection 5'      = 'New-RescaleSession DEVICE | Out-Null'
        'Remove-RescaleAuthorizedKey 2' = 'New-RescaleKeyPair -Path ~/ssh/contractor -Algorithm Ed25519 -Comment contractor-anna@laptop | Add-RescaleAuthorizedKey DEVICE | Out-Null'
        'Remove-RescaleAuthorizedKey 3' = 'Add-RescaleAuthorizedKey DEVICE -PublicKeyPath ~/ssh/leaver.pub | Out-Null'
    }
    # Examples that read an encrypted ~/.ssh/rescale_ed25519 (+ .ppk) with the passphrase typed at Read-Host.
    $NeedsEncryptedKey = 'Get-RescaleKey 3', 'Convert-RescaleKey 2'

    function ConvertTo-RunnableExample {
        param([string] $Code)
        $secure = "(ConvertTo-SecureString '$passphraseText' -AsPlainText -Force)"
        $prefix = ($DeviceHost.Split('.')[0..2]) -join '.'
        $Code = $Code -replace "\(Read-Host -AsSecureString -Prompt '[^']*'\)", $secure
        $Code = $Code -replace 'udeprod\.\w+@10\.54\.7\.\d+', "$DeviceUser@$DeviceHost"
        $Code = $Code -replace '10\.54\.7\.\*', "$prefix.*"
        $Code = $Code -replace '10\.54\.7\.\d+', $DeviceHost
        $Code = $Code -replace 'udeprod\.\w+', $DeviceUser
        $Code = $Code -replace 'C:/Users/me/', '~/'
        $Code = $Code -replace 'D:/', '~/D/'
        if ($script:DeviceFingerprint) { $Code = $Code -replace 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s', $script:DeviceFingerprint }
        $Code
    }

    # The PowerShell that runs these tests, for the child processes.
    $powershell = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($powershell) -eq 'dotnet') {
        $powershell = @(Get-ChildItem -LiteralPath $PSHOME -Filter 'pwsh*' | Where-Object { $_.Name -in 'pwsh', 'pwsh.exe' })[0].FullName
    }

    # Keys made once: the reader's Rescale key (logs into the device), a colleague's and a leaver's.
    $kit = Join-Path $TestDrive 'kit'
    New-Item -ItemType Directory -Path $kit | Out-Null
    $rescaleKey = New-RescaleKeyPair -Path (Join-Path $kit 'rescale_rsa') -Algorithm RSA -KeySize 2048 -Comment 'me@laptop' -Format Both
    $colleague = New-RescaleKeyPair -Path (Join-Path $kit 'colleague') -Algorithm Ed25519 -Comment 'colleague@laptop'
    $leaver = New-RescaleKeyPair -Path (Join-Path $kit 'leaver') -Algorithm Ed25519 -Comment 'leaver@laptop'
    $agentKey = New-RescaleKeyPair -Path (Join-Path $kit 'rescale_agent') -Algorithm Ed25519 -Comment 'rescale-agent@laptop'
    $encrypted = New-RescaleKeyPair -Path (Join-Path $kit 'rescale_ed25519') -Algorithm Ed25519 -Format Both -KdfRounds 4 `
        -Passphrase (ConvertTo-SecureString $passphraseText -AsPlainText -Force)

    if ($HaveDevice -and $env:RESCALESSH_TEST_DEVICE_HOME) {
        # The device as the reader's account has it: their Rescale key installed, nothing else of theirs.
        Add-RescaleAuthorizedKey $Device -PublicKeyPath $rescaleKey.PublicKeyPath @Conn | Out-Null
        $deviceKeysFile = Join-Path $env:RESCALESSH_TEST_DEVICE_HOME '.ssh/authorized_keys'
        $deviceKeys = [System.IO.File]::ReadAllBytes($deviceKeysFile)
        $deviceBaseline = @(Get-ChildItem -LiteralPath $env:RESCALESSH_TEST_DEVICE_HOME -Force | ForEach-Object { $_.Name })
        if ($env:RESCALESSH_TEST_HOST_KEY) {
            $script:DeviceFingerprint = (Get-RescaleKey -Path $env:RESCALESSH_TEST_HOST_KEY).Fingerprint
        }
        # What the examples expect on the device: an inbox, and run results under work/.
        $seed = Join-Path $TestDrive 'device-seed'
        New-Item -ItemType Directory -Path (Join-Path $seed 'inbox'), (Join-Path $seed 'work/run1'), (Join-Path $seed 'work/results') -Force | Out-Null
        Set-Content -Path (Join-Path $seed 'work/run1/solver.out') -Value 'converged'
        Set-Content -Path (Join-Path $seed 'work/results/summary.txt') -Value 'done'
        # ... and what the item examples rename, move and remove.
        New-Item -ItemType Directory -Path (Join-Path $seed 'work/run-01'), (Join-Path $seed 'done'), (Join-Path $seed 'archive/2026-01'), (Join-Path $seed 'results') -Force | Out-Null
        Set-Content -Path (Join-Path $seed 'results/run1.csv') -Value 'step,value', '1,42'
        Set-Content -Path (Join-Path $seed 'work/run-01/result.csv') -Value 'step,value'
        Set-Content -Path (Join-Path $seed 'work/out.csv') -Value 'a,b'
        Set-Content -Path (Join-Path $seed 'work/new.cfg') -Value 'new = 1'
        Set-Content -Path (Join-Path $seed 'work/app.cfg') -Value 'old = 1'
        Set-Content -LiteralPath (Join-Path $seed 'work/data[1].csv') -Value 'x,y'
        Set-Content -Path (Join-Path $seed 'work/scratch.tmp') -Value 'scratch'
    }

    # A fresh world for one example: HOME, working folder, and (for device examples) the device's seed.
    function New-ExampleWorld {
        param([string] $Key, [bool] $NeedsDevice)
        $world = Join-Path $TestDrive ($Key -replace '\W', '_')
        $homeFolder = Join-Path $world 'home'
        $work = Join-Path $world 'work'
        $ssh = Join-Path $homeFolder '.ssh'
        New-Item -ItemType Directory -Path $ssh, (Join-Path $homeFolder 'ssh'), $work -Force | Out-Null
        # New-RescaleKeyPair's reader has no key yet; every other reader has their Rescale key (OpenSSH form).
        if ($Key -notlike 'New-RescaleKeyPair *') {
            foreach ($suffix in '', '.pub') { Copy-Item -LiteralPath "$($rescaleKey.PrivateKeyPath)$suffix" -Destination $ssh }
        }
        Copy-Item -LiteralPath $rescaleKey.PublicKeyPath -Destination (Join-Path $ssh 'authorized_keys')
        if ($NeedsEncryptedKey -contains $Key) {
            foreach ($suffix in '', '.pub', '.ppk') { Copy-Item -LiteralPath "$($encrypted.PrivateKeyPath)$suffix" -Destination $ssh }
        }
        if ($env:RESCALESSH_TEST_HOST_KEY -and $HaveDevice) { Set-Content -Path (Join-Path $ssh 'known_hosts') -Value (Get-DeviceKnownHostsLine) }
        if ($HaveDevice) {
            $config = "Host dev1 dev2`n    HostName $DeviceHost`n    User $DeviceUser`n`nHost $DeviceHost dev1 dev2`n    Port $DevicePort`n"
            [System.IO.File]::WriteAllText((Join-Path $ssh 'config'), $config)
            [System.IO.File]::WriteAllText((Join-Path $work 'rescale_ssh_config'), $config)
        }
        Copy-Item -LiteralPath $colleague.PublicKeyPath -Destination (Join-Path $homeFolder 'ssh/colleague.pub')
        Copy-Item -LiteralPath $leaver.PublicKeyPath -Destination (Join-Path $homeFolder 'ssh/leaver.pub')
        Copy-Item -LiteralPath "$($rescaleKey.PrivateKeyPath).ppk" -Destination (Join-Path $homeFolder 'ssh/putty_key_me')
        New-Item -ItemType Directory -Path (Join-Path $homeFolder 'results'), (Join-Path $homeFolder 'D/outbox'), (Join-Path $homeFolder 'D/results') -Force | Out-Null
        Set-Content -Path (Join-Path $homeFolder 'results/run1.csv') -Value 'step,value', '1,42'
        Set-Content -Path (Join-Path $homeFolder 'D/outbox/report.pdf') -Value 'report'
        Set-Content -Path (Join-Path $homeFolder 'D/outbox/partial.tmp') -Value 'partial'
        Copy-Item -LiteralPath $colleague.PublicKeyPath -Destination (Join-Path $work 'colleague.pub')
        Copy-Item -LiteralPath $colleague.PublicKeyPath -Destination (Join-Path $work 'alice.pub')
        Copy-Item -LiteralPath $colleague.PublicKeyPath -Destination (Join-Path $work 'ci.pub')
        New-Item -ItemType Directory -Path (Join-Path $work 'results') -Force | Out-Null
        Set-Content -Path (Join-Path $work 'results/run1.csv') -Value 'step,value', '1,42'
        if ($Key -notlike 'New-RescaleKeyPair *') {
            foreach ($suffix in '', '.pub') { Copy-Item -LiteralPath "$($agentKey.PrivateKeyPath)$suffix" -Destination $ssh }
        }
        New-Item -ItemType Directory -Path (Join-Path $work 'data'), (Join-Path $work 'inputs') -Force | Out-Null
        Set-Content -Path (Join-Path $work 'data/mesh.dat') -Value 'mesh'
        Set-Content -Path (Join-Path $work 'inputs/case.inp') -Value 'case'
        Set-Content -Path (Join-Path $work 'report.csv') -Value 'a,b', '1,2'
        if ($HaveDevice) {
            Set-Content -Path (Join-Path $work 'devices.csv') -Value 'ComputerName,UserName,Port', "$DeviceHost,$DeviceUser,$DevicePort"
        }
        if ($NeedsDevice) {
            Copy-RescaleItem -Path (Join-Path $seed '*') -Destination $RemotePrefix -Recurse @RemoteConn | Out-Null
        }
        @{ Home = $homeFolder; Work = $work; World = $world }
    }

    # Puts the device back: authorized_keys byte for byte, and no item in its home that was not there before.
    function Reset-Device {
        [System.IO.File]::WriteAllBytes($deviceKeysFile, $deviceKeys)
        Get-ChildItem -LiteralPath $env:RESCALESSH_TEST_DEVICE_HOME -Force |
            Where-Object { $deviceBaseline -notcontains $_.Name } |
            Remove-Item -Recurse -Force
    }

    # Runs PowerShell text in a new process of this PowerShell, HOME (and the profile variables) pointing at
    # the world, the built module on PSModulePath. Returns the exit code and everything it printed.
    function Invoke-InFreshProcess {
        param([hashtable] $World, [string] $Script, [bool] $UnderAgent)
        $file = Join-Path $World.World 'example.ps1'
        Set-Content -LiteralPath $file -Value $Script -Encoding UTF8
        $saved = @{}
        $variables = @{
            HOME         = $World.Home
            USERPROFILE  = $World.Home
            PSModulePath = (Split-Path $ModuleFolder) + [System.IO.Path]::PathSeparator + $env:PSModulePath
        }
        foreach ($name in $variables.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $variables[$name])
        }
        Push-Location $World.Work
        try {
            $arguments = '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', $file
            if ($UnderAgent) { $output = & ssh-agent $powershell @arguments 2>&1 | Out-String -Width 200 }
            else { $output = & $powershell @arguments 2>&1 | Out-String -Width 200 }
            @{ ExitCode = $LASTEXITCODE; Output = $output }
        }
        finally {
            Pop-Location
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
}

AfterAll {
    if ($HaveDevice -and $env:RESCALESSH_TEST_DEVICE_HOME -and $deviceKeysFile) {
        Reset-Device
        Remove-RescaleAuthorizedKey $Device -Fingerprint $rescaleKey.Fingerprint @Conn -Confirm:$false | Out-Null
    }
}

Describe '<Name> help, example <Number>: <Title>' -ForEach $examples -Skip:(-not $profileRedirectable) {
    It 'runs as written' -Skip:(($NeedsDevice -and -not $haveDevice) -or ($NeedsAgent -and -not $haveAgent)) {
        $key = "$Name $Number"
        $world = New-ExampleWorld -Key $key -NeedsDevice $NeedsDevice
        try {
            $preludeText = ''
            if ($ExamplePrelude.ContainsKey($key)) { $preludeText = $ExamplePrelude[$key].Replace('DEVICE', "'$DeviceUser@$DeviceHost'") }
            if ($NeedsAgent) { $preludeText = "& ssh-add `$HOME/.ssh/rescale_rsa `$HOME/.ssh/rescale_agent 2>&1 | Out-Null`n" + $preludeText }
            $script = @"
Import-Module RescaleSsh -ErrorAction Stop
$preludeText
`$Error.Clear()
# ---- the example ----
$(ConvertTo-RunnableExample $Code)
# ---- end ----
if (`$Error.Count -gt 0) {
    foreach (`$e in `$Error) { Write-Output ('EXAMPLE ERROR ' + `$e.FullyQualifiedErrorId + ': ' + `$e) }
    exit 1
}
exit 0
"@
            $run = Invoke-InFreshProcess -World $world -Script $script -UnderAgent $NeedsAgent
            $run.ExitCode | Should -Be 0 -Because "the example printed:`n$($run.Output)`nand ran as:`n$script"
        }
        finally {
            if ($NeedsDevice) { Reset-Device }
        }
    }
}
