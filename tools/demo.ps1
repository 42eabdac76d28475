#Requires -Version 5.1
<#
.SYNOPSIS
    The seed procedure end to end on a throwaway device, step by step, as a user would type it.

.DESCRIPTION
    Run by `pwsh ./build.ps1 -Demo`, inside `tools/test-device.sh run`, which provides the device
    (RESCALESSH_TEST_DEVICE), a temp HOME, and `tools/test-device.sh authorize` for Rescale's own key
    provisioning. Each step prints its commands (PS> ...) and their real output in the default views, then
    checks what a user would check. The first failing step stops the demo with a non-zero exit code; the
    last line is "demo: N steps passed".
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/RescaleSsh/RescaleSsh.psd1')
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
if (-not $env:RESCALESSH_TEST_DEVICE) { throw 'Run the demo with: pwsh ./build.ps1 -Demo' }
if ((Test-Path variable:PSStyle) -and [Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }

$starter = Join-Path $PSScriptRoot 'test-device.sh'
$work = Join-Path $HOME 'demo'
New-Item -ItemType Directory -Path $work -Force | Out-Null
Set-Location $work
Import-Module $ModulePath

# What the steps use, named as a user would name them.
$device = $env:RESCALESSH_TEST_DEVICE                 # user@127.0.0.1:port, as a device's status page shows it
$user = $device.Split('@')[0]
$port = [int]$device.Split(':')[-1]

# The steps. Each shows its commands (PS> ...) and runs them at script scope, so that variables carry on
# from step to step, with their output in the default view; then Check (returns $true or what is wrong)
# decides. Setup runs first, unseen, for what a user would already have (files, Rescale's provisioning);
# Note lines (#) say what it did. Errors whose id is in ExpectedError are shown and allowed.
$steps = @(
    @{
        Title   = 'Generate a key pair as PuTTYgen does, with the OpenSSH export (the seed''s "Export OpenSSH key")'
        Command = '$key = New-RescaleKeyPair -Format Both', '$key'
        Check   = {
            $tool = (& ssh-keygen -l -f $key.PublicKeyPath).Split(' ')[1]
            if ($key.Fingerprint -ne $tool) { return "fingerprint $($key.Fingerprint), ssh-keygen says $tool" }
            if (-not (Test-Path $key.PuttyKeyPath)) { return 'no .ppk written' }
            $true
        }
    }
    @{
        Title   = 'Rescale puts the public key on the new device; log in with it'
        Setup   = {
            & bash $starter authorize $key.PublicKeyPath
            if ($LASTEXITCODE -ne 0) { throw 'Installing the key as Rescale does failed.' }
        }
        Note    = '# (Rescale''s provisioning has put your public key into the device''s ~/.ssh/authorized_keys)'
        Command = "`$device = '$device'", 'Test-RescaleConnection $device'
        Check   = {
            $result = Test-RescaleConnection $device
            if (-not $result.Authenticated) { return "not authenticated: $($result.Error)" }
            $true
        }
    }
    @{
        Title   = 'Add a colleague''s key (the seed''s cat KEY | ssh HOST ''... >> ~/.ssh/authorized_keys'')'
        Setup   = { $null = New-RescaleKeyPair -Path ./colleague -Algorithm Ed25519 -Comment 'colleague@laptop' }
        Note    = '# (the colleague has sent ./colleague.pub)'
        Command = 'Add-RescaleAuthorizedKey $device -PublicKeyPath ./colleague.pub'
        Check   = {
            $again = Add-RescaleAuthorizedKey $device -PublicKeyPath ./colleague.pub
            if ($again.Status -ne 'AlreadyPresent') { return "adding it again said $($again.Status)" }
            $true
        }
    }
    @{
        Title   = 'Check authorized_keys (the seed''s cat ~/.ssh/authorized_keys)'
        Command = 'Get-RescaleAuthorizedKey $device'
        Check   = {
            $fingerprints = @(Get-RescaleAuthorizedKey $device | ForEach-Object { $_.Fingerprint })
            $colleague = (Get-RescaleKey -Path ./colleague.pub).Fingerprint
            if ($fingerprints -notcontains $key.Fingerprint -or $fingerprints -notcontains $colleague) {
                return "expected both keys, found: $($fingerprints -join ', ')"
            }
            $true
        }
    }
    @{
        Title   = 'Upload a folder, verified (FileZilla''s upload)'
        Setup   = {
            New-Item -ItemType Directory -Path ./results/run1 -Force | Out-Null
            Set-Content -Path ./results/run1/output.csv -Value 'step,value', '1,42'
            Set-Content -Path ./results/summary.txt -Value 'all runs finished'
            [System.IO.File]::WriteAllBytes((Join-Path $work 'results/run1/data.bin'), [byte[]](0..255))
        }
        Note    = '# (./results holds summary.txt and run1/output.csv, run1/data.bin; a real device listens on 22: no -Port)'
        Command = "Copy-RescaleItem ./results '${user}@127.0.0.1:' -Port $port -Recurse -Verify"
        Check   = { $true }
    }
    @{
        Title   = 'Download it back, verified'
        Command = "Copy-RescaleItem '${user}@127.0.0.1:results' ./back -Port $port -Recurse -Verify"
        Check   = {
            foreach ($file in 'summary.txt', 'run1/output.csv', 'run1/data.bin') {
                if ((Get-FileHash "./results/$file").Hash -ne (Get-FileHash "./back/$file").Hash) { return "$file differs after the round trip" }
            }
            $true
        }
    }
    @{
        Title   = 'Upload again with -Update: nothing changed, so nothing is copied'
        Command = "`$again = Copy-RescaleItem ./results/* '${user}@127.0.0.1:results' -Port $port -Recurse -Update", '$again'
        Check   = {
            $statuses = @($again | ForEach-Object { $_.Status } | Select-Object -Unique)
            if (@($again).Count -ne 3 -or $statuses.Count -ne 1 -or $statuses[0] -ne 'Skipped') { return "statuses: $($statuses -join ', ')" }
            $true
        }
    }
    @{
        Title         = 'Check a fleet listed in a CSV file (one device is down)'
        Setup         = {
            $listener = New-Object System.Net.Sockets.TcpListener ([System.Net.IPAddress]::Loopback), 0
            $listener.Start(); $downPort = $listener.LocalEndpoint.Port; $listener.Stop()
            Set-Content -Path ./devices.csv -Value 'ServerIP,HostId,Port', "127.0.0.1,$user,$port", "127.0.0.1,udeprod.down,$downPort"
        }
        Command       = 'Get-Content ./devices.csv', '$fleet = Import-Csv ./devices.csv | Test-RescaleConnection', '$fleet'
        ExpectedError = 'ConnectionRefused'
        Check         = {
            $up = @($fleet | Where-Object { $_.Authenticated })
            if ($up.Count -ne 1) { return "expected one authenticated device, got $($up.Count)" }
            $true
        }
    }
    @{
        Title   = 'Remove the colleague''s key again'
        Command = '$colleague = Get-RescaleKey -Path ./colleague.pub',
                  'Remove-RescaleAuthorizedKey $device -Fingerprint $colleague.Fingerprint -Confirm:$false',
                  'Get-RescaleAuthorizedKey $device'
        Check   = {
            $fingerprints = @(Get-RescaleAuthorizedKey $device | ForEach-Object { $_.Fingerprint })
            if ($fingerprints -contains $colleague.Fingerprint) { return 'the colleague''s key is still there' }
            if ($fingerprints -notcontains $key.Fingerprint) { return 'your own key is gone' }
            $true
        }
    }
)

$passed = 0
try {
    foreach ($step in $steps) {
        Write-Host ''
        Write-Host "== Step $($passed + 1) of $($steps.Count): $($step.Title)" -ForegroundColor Cyan
        if ($step.ContainsKey('Setup')) { . $step.Setup }
        if ($step.ContainsKey('Note')) { Write-Host $step.Note -ForegroundColor DarkGray }
        $expected = @()
        if ($step.ContainsKey('ExpectedError')) { $expected = @($step.ExpectedError) }
        $Error.Clear()
        foreach ($line in $step.Command) {
            Write-Host "PS> $line" -ForegroundColor Yellow
            $ErrorActionPreference = 'Continue'
            try { . ([scriptblock]::Create($line)) | Out-Host }
            finally { $ErrorActionPreference = 'Stop' }
        }
        $unexpected = @($Error | Where-Object {
                -not ($_ -is [System.Management.Automation.ErrorRecord] -and $expected -contains $_.FullyQualifiedErrorId.Split(',')[0])
            })
        if ($unexpected.Count -gt 0) { throw "$($unexpected[0])" }
        $verdict = . $step.Check
        if ($verdict -ne $true) { throw "its check failed: $verdict" }
        $passed++
    }
}
catch {
    Write-Host ''
    Write-Host "demo: step $($passed + 1) failed ($passed steps passed): $_" -ForegroundColor Red
    exit 1
}

Write-Host ''
Write-Host "demo: $passed steps passed"
exit 0
