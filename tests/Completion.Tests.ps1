#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

# Tab completion as a user meets it (TabExpansion2): partitions, devices, port names and USB ids complete to values
# of their own, never to the file names PowerShell offers when a parameter has no completer.

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Emulator = Start-BoardEmulator
    $script:Port = 'socket://{0}:{1}' -f $script:Emulator.Address, $script:Emulator.Port

    # A folder holding only a decoy file: a completion that falls back to file names offers it.
    $script:Decoy = Join-Path $TestDrive 'completion'
    New-Item -ItemType Directory -Path $script:Decoy | Out-Null
    Set-Content -LiteralPath (Join-Path $script:Decoy 'decoy.txt') -Value 'not a port'

    function Get-Completion {
        param([string] $Line)
        Push-Location -LiteralPath $script:Decoy
        try {
            return @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
        }
        finally {
            Pop-Location
        }
    }
}

AfterAll {
    try {
        Get-MicroPythonDevice -ErrorAction SilentlyContinue | Disconnect-MicroPythonDevice -ErrorAction SilentlyContinue
    }
    catch {
        Write-Warning "Disconnecting the boards failed: $_"
    }
    if ($script:Emulator) {
        Stop-BoardEmulator -Emulator $script:Emulator
    }
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Tab completion' {
    Context 'with no board connected' {
        It 'completes -Partition with the default partition 0, not file names' {
            $matches = Get-Completion 'Get-RomfsPartition -Partition '

            $matches.CompletionText | Should -Be @('0')
        }

        It 'completes -UsbId with the USB vendors MicroPython boards use, not file names' {
            $matches = Get-Completion 'Connect-MicroPythonDevice -UsbId 2e'

            $matches.CompletionText | Should -Contain '2e8a:*'
            $matches.CompletionText | Should -Not -Contain './decoy.txt'
            $matches | ForEach-Object { $_.ResultType | Should -Be 'ParameterValue' }
        }

        It 'completes Get-MicroPythonPort -Name with port names only' {
            $matches = Get-Completion 'Get-MicroPythonPort -Name '
            $ports = @(Get-MicroPythonPort | ForEach-Object Port)

            if ($ports.Count -eq 0) {
                # A machine without serial ports: nothing to offer, and still no file names.
                $matches | Should -BeNullOrEmpty
            }
            else {
                @($matches | ForEach-Object ListItemText) | Should -Be $ports
                $matches | ForEach-Object { $_.ResultType | Should -Be 'ParameterValue' }
            }
        }

        It 'offers no file names for -Device' {
            Get-Completion 'Invoke-MicroPython -Device ' | Should -BeNullOrEmpty
        }
    }

    Context 'with a board connected' {
        BeforeAll {
            $script:Device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10
        }

        It 'completes -Partition with the partition numbers of the connected board' {
            (Get-Completion 'Get-RomfsPartition -Partition ').CompletionText | Should -Be @('0', '1')
            (Get-Completion 'Publish-RomfsImage app.romfs -Partition 1').CompletionText | Should -Be @('1')
            (Get-Completion 'Save-RomfsPartition backup.romfs -Partition ').CompletionText | Should -Be @('0', '1')
        }

        It 'completes -Device with an expression that gives the device' {
            $matches = Get-Completion 'Invoke-MicroPython -Device '

            $matches.Count | Should -Be 1
            $matches[0].ListItemText | Should -Be $script:Port
            $device = Invoke-Expression $matches[0].CompletionText
            $device | Should -Be $script:Device
        }

        It 'completes Get-MicroPythonDevice -Port with the connected ports' {
            (Get-Completion 'Get-MicroPythonDevice -Port sock').CompletionText | Should -Be @($script:Port)
        }
    }
}
