#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

# Sessions, confirmation, values and reports, as the user trial of issue 13 found them wanting: connections that
# belong to the runspace that made them, -Force that yields to an explicit -Confirm, non-interactive hosts,
# -AsObject values in PowerShell's shapes, -Verbose lines, progress that moves, and messages for cmdlet users.

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    $script:Manifest = Get-TestModuleManifest
    Import-Module -Name $script:Manifest -Force
    $script:Vectors = Get-TestVectorsFolder
    $script:Emulator = Start-BoardEmulator
    $script:Port = 'socket://{0}:{1}' -f $script:Emulator.Address, $script:Emulator.Port
    $script:Image = Join-Path $script:Vectors 'images/basic.nompy.romfs'
    $script:ImageHash = (Get-FileHash -LiteralPath $script:Image -Algorithm SHA256).Hash.ToLowerInvariant()

    function Invoke-InNewRunspace {
        # Runs a script block in a runspace of its own with the module imported; returns output and errors.
        param([scriptblock] $ScriptBlock, [object[]] $ArgumentList = @())
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($script:Manifest).Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddScript($ScriptBlock.ToString())
            foreach ($argument in $ArgumentList) {
                $null = $ps.AddArgument($argument)
            }
            $output = $ps.Invoke()
            return [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error); Progress = @($ps.Streams.Progress) }
        }
        finally {
            $ps.Dispose()
        }
    }

    function Invoke-NonInteractive {
        # Runs a script in a child 'pwsh -NonInteractive' with the module imported and connected to the emulator;
        # the script's output comes back as objects through JSON.
        param([string] $Script)
        $pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        if ((Split-Path -Leaf $pwsh) -notmatch '^pwsh') {
            $pwsh = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
        }
        $full = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($script:Manifest)'
`$null = Connect-MicroPythonDevice -Port '$($script:Port)' -Timeout 10
try {
$Script
}
finally {
    Get-MicroPythonDevice | Disconnect-MicroPythonDevice
}
"@
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($full))
        $text = & $pwsh -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
        $json = @($text | Where-Object { "$_" -like '{*' }) | Select-Object -Last 1
        if (-not $json) {
            throw "The child pwsh wrote no JSON: $($text -join "`n")"
        }
        return $json | ConvertFrom-Json
    }
}

AfterAll {
    try {
        Get-MicroPythonDevice -ErrorAction SilentlyContinue | Disconnect-MicroPythonDevice -ErrorAction SilentlyContinue
    }
    catch {
        Write-Warning "Disconnecting the boards failed: $_"
    }
    foreach ($emulator in @($script:Emulator, $script:Second)) {
        if ($emulator) {
            Stop-BoardEmulator -Emulator $emulator
        }
    }
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Connections belong to the PowerShell session that made them' {
    BeforeAll {
        $script:Device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10
    }

    It 'lists the connections of this session with Get-MicroPythonDevice, by port and by wildcard' {
        Get-MicroPythonDevice | Should -Be $script:Device
        Get-MicroPythonDevice -Port $script:Port | Should -Be $script:Device
        Get-MicroPythonDevice -Port 'socket://*' | Should -Be $script:Device
        { Get-MicroPythonDevice -Port 'COM99' -ErrorAction Stop } | Should -Throw -ErrorId 'DeviceNotFound,*'
    }

    It 'is not the default board of another runspace, which can still use the device object it is given' {
        $other = Invoke-InNewRunspace -ScriptBlock {
            param($device)
            [pscustomobject]@{
                Listed = @(Get-MicroPythonDevice).Count
                Given  = Invoke-MicroPython -Device $device -Command 'print(6 * 7)'
            }
            Invoke-MicroPython -Command 'print(1)'
        } -ArgumentList $script:Device

        $other.Output[0].Listed | Should -Be 0
        $other.Output[0].Given | Should -Be '42'
        $other.Errors.Count | Should -Be 1
        $other.Errors[0].FullyQualifiedErrorId | Should -BeLike 'NoDeviceConnected,*'
    }

    It 'is not the default board inside ForEach-Object -Parallel' {
        $manifest = $script:Manifest
        $outcome = 1 | ForEach-Object -Parallel {
            Import-Module $using:manifest
            try {
                Invoke-MicroPython -Command 'print(1)' -ErrorAction Stop
            }
            catch {
                $_.FullyQualifiedErrorId
            }
        }

        $outcome | Should -BeLike 'NoDeviceConnected,*'
        $script:Device.IsConnected | Should -BeTrue
    }

    It 'closes and forgets the connections when the module is removed' {
        Remove-Module -Name MicroPythonRomfs -Force

        $script:Device.IsConnected | Should -BeFalse
        Import-Module -Name $script:Manifest -Force
        Get-MicroPythonDevice | Should -BeNullOrEmpty
        { Invoke-MicroPython -Command 'print(1)' -ErrorAction Stop } | Should -Throw -ErrorId 'NoDeviceConnected,*'
    }
}

Describe 'Publish-RomfsImage confirmation in a non-interactive host' {
    It 'asks with an explicit -Confirm even with -Force, and without -Force fails as the host does, leaving the board unchanged' {
        $result = Invoke-NonInteractive @"
`$outcome = [ordered]@{}
foreach (`$case in 'ForceConfirm', 'NoForce') {
    try {
        if (`$case -eq 'ForceConfirm') { Publish-RomfsImage -LiteralPath '$($script:Image)' -Force -Confirm }
        else { Publish-RomfsImage -LiteralPath '$($script:Image)' }
        `$outcome[`$case] = 'deployed'
    }
    catch {
        `$outcome[`$case] = `$_.FullyQualifiedErrorId + '|' + `$_.Exception.GetType().Name
    }
}
`$outcome.Hash = (Get-RomfsPartition -Partition 0).ImageHash
`$outcome.Forced = (Publish-RomfsImage -LiteralPath '$($script:Image)' -Force -PassThru).Succeeded
`$outcome | ConvertTo-Json -Compress
"@

        $result.ForceConfirm | Should -BeLike 'InvalidOperation,*|PSInvalidOperationException'
        $result.NoForce | Should -BeLike 'InvalidOperation,*|PSInvalidOperationException'
        $result.Hash | Should -Not -Be $script:ImageHash
        $result.Forced | Should -BeTrue
    }
}

Describe 'Invoke-MicroPython -AsObject' {
    BeforeAll {
        $script:Device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10
    }

    It 'returns plain values that convert to JSON as themselves' {
        Invoke-MicroPython -Command '41 + 1' -AsObject | ConvertTo-Json -Compress | Should -Be '42'
        Invoke-MicroPython -Command "'text'" -AsObject | ConvertTo-Json -Compress | Should -Be '"text"'
    }

    It 'returns a dict as an ordered dictionary whose keys work as properties' {
        $value = Invoke-MicroPython -Command "{'b': 2, 'a': [1, 2], 'A': 'upper'}" -AsObject

        $value | Should -BeOfType [System.Collections.Specialized.OrderedDictionary]
        $value.a | Should -Be @(1, 2)
        $value.A | Should -Be 'upper'
        $value['b'] | Should -Be 2
        Invoke-MicroPython -Command "{'n': [1, None]}" -AsObject | ConvertTo-Json -Compress | Should -Be '{"n":[1,null]}'
    }

    It 'writes the items of a list one by one, as PowerShell commands write collections' {
        $items = Invoke-MicroPython -Command '[1, 2, 3]' -AsObject

        $items.Count | Should -Be 3
        $items[2] | Should -Be 3
        (Invoke-MicroPython -Command '[1, 2, 3]' -AsObject | Measure-Object -Sum).Sum | Should -Be 6
    }

    It 'says a statement is not an expression, as NotAnExpression' {
        $failure = { Invoke-MicroPython -Command 'x = 1' -AsObject -ErrorAction Stop } | Should -Throw -ErrorId 'NotAnExpression,*' -PassThru

        $failure.ToString() | Should -BeLike "*'x = 1' is not a Python expression*"
    }

    It 'still reports an exception the expression raises as MicroPythonError' {
        { Invoke-MicroPython -Command '1 / 0' -AsObject -ErrorAction Stop } | Should -Throw -ErrorId 'MicroPythonError,*'
    }

    It 'tags text output lines with their board, and not values' {
        $line = Invoke-MicroPython -Command 'print(5)'
        $value = Invoke-MicroPython -Command '5' -AsObject

        $line.Port | Should -Be $script:Port
        $value.PSObject.Properties['Port'] | Should -BeNullOrEmpty
    }

    It 'gives one BoardValue per board when run on several boards' {
        $script:Second = Start-BoardEmulator
        $secondPort = 'socket://{0}:{1}' -f $script:Second.Address, $script:Second.Port
        $other = Connect-MicroPythonDevice -Port $secondPort -Timeout 10
        try {
            $values = Invoke-MicroPython -Device $script:Device, $other -Command '[1, 2]' -AsObject

            $values.Count | Should -Be 2
            $values[0] | Should -BeOfType [MicroPythonRomfs.PowerShell.BoardValue]
            ($values | ForEach-Object Port) | Should -Be @($script:Port, $secondPort)
            $values[1].Value | Should -Be @(1, 2)
        }
        finally {
            Disconnect-MicroPythonDevice -Device $other
        }
    }
}

Describe 'Reports: verbose lines, progress and messages' {
    BeforeAll {
        $script:Device = Get-MicroPythonDevice | Select-Object -Last 1
        if (-not $script:Device) {
            $script:Device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10
        }
        $script:Work = Join-Path $TestDrive 'reports'
        New-Item -ItemType Directory -Path $script:Work | Out-Null
    }

    It 'says what each device cmdlet does with -Verbose, naming the port' {
        $saved = Join-Path $script:Work 'verbose.romfs'
        $lines = & {
            Invoke-MicroPython -Command 'print(1)' -Verbose
            Reset-MicroPythonDevice -Confirm:$false -Verbose
            Get-RomfsPartition -Verbose
            Publish-RomfsImage -LiteralPath $script:Image -Force -Verbose
            Save-RomfsPartition $saved -Verbose
        } 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

        foreach ($pattern in "Running 'print(1)' on $($script:Port)*", "Soft-resetting $($script:Port)*", "Querying every ROM partition*", "Deploying * bytes to partition 0 of $($script:Port)*", "$($script:Port): partition 0 holds the image*", "Saved * bytes from ROM partition 0 of $($script:Port)*") {
            @($lines | Where-Object { $_ -like $pattern }).Count | Should -BeGreaterThan 0 -Because "a verbose line like '$pattern' is expected among:`n$($lines -join "`n")"
        }
    }

    It 'moves the parent progress bar with the board''s progress and estimates the time remaining' {
        $data = Join-Path $script:Work 'big'
        New-Item -ItemType Directory -Path $data | Out-Null
        $bytes = [byte[]]::new(160000)
        [Random]::new(7).NextBytes($bytes)
        [IO.File]::WriteAllBytes((Join-Path $data 'data.bin'), $bytes)
        $image = New-RomfsImage -Path $data -NoMpy -PassThru

        $run = Invoke-InNewRunspace -ScriptBlock {
            param($device, $path)
            Publish-RomfsImage -LiteralPath $path -Device $device -Force -Full -PassThru
        } -ArgumentList $script:Device, $image.Path

        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].Succeeded | Should -BeTrue
        $parent = @($run.Progress | Where-Object { $_.ParentActivityId -lt 0 -and $_.RecordType -eq 'Processing' })
        $parent.Count | Should -BeGreaterThan 2
        @($parent | Where-Object { $_.StatusDescription -ne 'Starting' -and $_.PercentComplete -gt 0 }).Count | Should -BeGreaterThan 0
        @($parent | Where-Object { $_.SecondsRemaining -ge 0 }).Count | Should -BeGreaterThan 0
        @($run.Progress | Where-Object { $_.ParentActivityId -lt 0 -and $_.RecordType -eq 'Completed' }).Count | Should -Be 1
    }

    It 'says how to give a port when Connect-MicroPythonDevice is given none' {
        $failure = { Connect-MicroPythonDevice -ErrorAction Stop } | Should -Throw -ErrorId 'NoPortGiven,*' -PassThru

        $failure.ToString() | Should -BeLike '*Connect-MicroPythonDevice -Port*Get-MicroPythonPort*-All*'
    }

    It 'does not try a listed port that is not USB, and says how to connect it' {
        $listed = [MicroPythonRomfs.Device.SerialPortInfo]::new('/dev/ttyS0')
        $warnings = $null

        $devices = $listed | Connect-MicroPythonDevice -Timeout 5 -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failures -ErrorAction SilentlyContinue

        $devices | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
        "$warnings" | Should -BeLike '*No USB serial port*/dev/ttyS0*Connect-MicroPythonDevice -Port /dev/ttyS0*'
    }
}
