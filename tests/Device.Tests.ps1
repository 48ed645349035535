#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

# Every device cmdlet against the board emulator twice: over TCP (socket://) and behind a socat pseudo-terminal,
# which the module opens as a serial port (System.IO.Ports' SerialPort in PowerShell 7).
BeforeDiscovery {
    $script:Transports = @(@{ Transport = 'TCP' }, @{ Transport = 'serial' })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    $script:ManifestPath = Get-TestModuleManifest
    Import-Module -Name $script:ManifestPath -Force
}

AfterAll {
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Device cmdlets over <Transport>' -ForEach $script:Transports {
    BeforeAll {
        $script:Emulator = if ($Transport -eq 'TCP') { Start-BoardEmulator } else { Start-SerialBoardEmulator }
        $script:Port = $script:Emulator.PortName
        $script:Device = $null
    }

    AfterAll {
        if ($script:Device) {
            Disconnect-MicroPythonDevice -Device $script:Device -ErrorAction SilentlyContinue
        }
        Stop-BoardEmulator -Emulator $script:Emulator
    }

    Context 'Connect-MicroPythonDevice' {
        It 'connects to the board and reads what it is' {
            $first = Connect-MicroPythonDevice -Port $script:Port -Timeout 10

            $first.GetType().FullName | Should -Be 'MicroPythonRomfs.Device.MicroPythonDevice'
            $first.IsConnected | Should -BeTrue
            $first.Port | Should -Be $script:Port
            $first.RomfsPartitionCount | Should -Be 2
            $first.MpyVersion | Should -Match '^\d+\.\d+$'
            $first.Platform | Should -Be 'webassembly'
            # The emulator takes one client at a time, like a serial port.
            Disconnect-MicroPythonDevice -Device $first
            $first.IsConnected | Should -BeFalse
        }

        It 'connects a port object through -InputObject, with -NoSoftReset, -NoRawPaste and -BaudRate' {
            # A USB port as Get-MicroPythonPort lists it (listed ports that are not USB are not tried).
            $info = [MicroPythonRomfs.Device.SerialPortInfo]::new($script:Port)
            $info.VendorId = 0x2e8a
            $info.ProductId = 0x0005

            $device = $info | Connect-MicroPythonDevice -NoSoftReset -NoRawPaste -BaudRate 115200 -Timeout 10
            try {
                $device.Port | Should -Be $script:Port
                Invoke-MicroPython -Device $device -Command 'print(3 * 3)' | Should -Be '9'
            }
            finally {
                $device | Disconnect-MicroPythonDevice
            }
        }

        It 'binds the port by property name, as Get-MicroPythonPort output does' {
            $script:Device = [pscustomobject]@{ Port = $script:Port } | Connect-MicroPythonDevice -Timeout 10

            $script:Device.IsConnected | Should -BeTrue
        }

        It 'refuses a second connection to a port this session already holds, as DeviceAlreadyConnected' {
            $again = Connect-MicroPythonDevice -Port $script:Port -ErrorAction SilentlyContinue -ErrorVariable failures

            $again | Should -BeNullOrEmpty
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'DeviceAlreadyConnected,*'
            $script:Device.IsConnected | Should -BeTrue
        }
    }

    Context 'Invoke-MicroPython' {
        It 'returns each printed line as a string' {
            $lines = Invoke-MicroPython -Device $script:Device -Command "print(6 * 7)`nprint('two')"

            $lines | Should -Be @('42', 'two')
        }

        It 'takes the device from the pipeline and evaluates expressions with -AsObject' {
            $value = $script:Device | Invoke-MicroPython -Command "{'a': [1, 2.5, None], 'b': True}" -AsObject

            $value['a'][0] | Should -Be 1
            $value['a'][1] | Should -Be 2.5
            $value['a'][2] | Should -BeNullOrEmpty
            $value['b'] | Should -BeTrue
        }

        It 'uses the most recent connection when -Device is omitted' {
            Invoke-MicroPython -Command 'print(1 + 1)' | Should -Be '2'
        }

        It 'names the board before each line with -Prefix' {
            Invoke-MicroPython -Device $script:Device -Command "print('a')`nprint('b')" -Prefix |
                Should -Be @("$($script:Port): a", "$($script:Port): b")
        }

        It 'refuses code holding a raw REPL control character, as InvalidMicroPythonCode' {
            $code = 'print(1)' + [char] 4

            { Invoke-MicroPython -Device $script:Device -Command $code -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMicroPythonCode,*'
            Invoke-MicroPython -Device $script:Device -Command 'print(2)' | Should -Be '2'
        }

        It 'turns a Python exception into a MicroPythonError naming the exception' {
            { Invoke-MicroPython -Device $script:Device -Command "raise ValueError('boom')" -ErrorAction Stop } |
                Should -Throw -ErrorId 'MicroPythonError,*' -ExpectedMessage '*ValueError*boom*'
        }

        It 'stops code that stays silent longer than -Timeout as DeviceTimeout, and the board still answers' {
            { Invoke-MicroPython -Device $script:Device -Command 'import time; time.sleep(3)' -Timeout 1 -ErrorAction Stop } |
                Should -Throw -ErrorId 'DeviceTimeout,*'

            Invoke-MicroPython -Device $script:Device -Command 'print(5)' | Should -Be '5'
        }
    }

    Context 'Reset-MicroPythonDevice' {
        It 'leaves the board alone with -WhatIf' {
            Invoke-MicroPython -Device $script:Device -Command 'kept = 41' | Out-Null

            Reset-MicroPythonDevice -Device $script:Device -WhatIf

            Invoke-MicroPython -Device $script:Device -Command 'kept + 1' -AsObject | Should -Be 42
        }

        It 'starts Python afresh and keeps the connection' {
            Invoke-MicroPython -Device $script:Device -Command 'gone = 1' | Out-Null

            $same = Reset-MicroPythonDevice -Device $script:Device -Confirm:$false -PassThru

            $same.IsConnected | Should -BeTrue
            Invoke-MicroPython -Device $script:Device -Command "'gone' in globals()" -AsObject | Should -BeFalse
        }

        It 'takes the device from the pipeline' {
            Invoke-MicroPython -Device $script:Device -Command 'gone = 1' | Out-Null

            $script:Device | Reset-MicroPythonDevice -Confirm:$false

            Invoke-MicroPython -Device $script:Device -Command "'gone' in globals()" -AsObject | Should -BeFalse
        }
    }

    Context 'In a non-interactive host' {
        BeforeAll {
            # The child process opens the port itself; a port has one user at a time.
            Disconnect-MicroPythonDevice -Device $script:Device
        }

        AfterAll {
            $script:Device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10
        }

        It 'Reset-MicroPythonDevice -Confirm fails with the host''s prompt error and leaves the board alone' {
            $outcome = Invoke-ChildPowerShell -ScriptBlock {
                param($Manifest, $Port)
                Import-Module -Name $Manifest
                $device = Connect-MicroPythonDevice -Port $Port -Timeout 10
                Invoke-MicroPython -Device $device -Command 'kept = 7' | Out-Null
                try {
                    Reset-MicroPythonDevice -Device $device -Confirm -ErrorAction Stop
                    'reset'
                }
                catch {
                    $_.FullyQualifiedErrorId
                    $_.Exception.Message
                }
                Invoke-MicroPython -Device $device -Command 'kept' -AsObject
                Disconnect-MicroPythonDevice -Device $device
            } -ArgumentList $script:ManifestPath, $script:Port

            $outcome[0] | Should -BeLike 'InvalidOperation,*'
            $outcome[1] | Should -BeLike '*NonInteractive*'
            $outcome[2] | Should -Be 7
        }
    }

    Context 'Disconnect-MicroPythonDevice' {
        It 'closes the piped connection, after which commands without -Device find none' {
            $script:Device | Disconnect-MicroPythonDevice

            $script:Device.IsConnected | Should -BeFalse
            { Invoke-MicroPython -Command 'print(1)' -ErrorAction Stop } | Should -Throw -ErrorId 'NoDeviceConnected,*'
        }

        It 'closes the connection named by -Device' {
            $device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10

            Disconnect-MicroPythonDevice -Device $device

            $device.IsConnected | Should -BeFalse
        }
    }
}

Describe 'A TCP board and a serial board at once' {
    BeforeAll {
        $script:TcpEmulator = Start-BoardEmulator
        $script:SerialEmulator = Start-SerialBoardEmulator
        $script:Boards = @($script:TcpEmulator.PortName, $script:SerialEmulator.PortName) | Connect-MicroPythonDevice -Timeout 10
    }

    AfterAll {
        $script:Boards | Disconnect-MicroPythonDevice -ErrorAction SilentlyContinue
        Stop-BoardEmulator -Emulator $script:TcpEmulator
        Stop-BoardEmulator -Emulator $script:SerialEmulator
    }

    It 'connects both ports piped as strings' {
        $script:Boards.Count | Should -Be 2
        $script:Boards.IsConnected | Should -Be @($true, $true)
    }

    It 'runs code on every board with -Device, one at a time with -ThrottleLimit 1, each line tagged with its board' {
        $lines = Invoke-MicroPython -Device $script:Boards -Command 'print(40 + 2)' -ThrottleLimit 1

        $lines.Count | Should -Be 2
        $lines | ForEach-Object { [string] $_ | Should -Be '42' }
        ($lines.Port | Sort-Object) | Should -Be ($script:Boards.Port | Sort-Object)
    }

    It 'names the board of each line with -Prefix' {
        $lines = $script:Boards | Invoke-MicroPython -Command "print('hi')" -Prefix

        ($lines | Sort-Object) | Should -Be (($script:Boards.Port | ForEach-Object { "${_}: hi" }) | Sort-Object)
    }

    It 'describes the partitions of every board' {
        $partitions = Get-RomfsPartition -Device $script:Boards

        $partitions.Count | Should -Be 4
        ($partitions.Port | Select-Object -Unique | Sort-Object) | Should -Be ($script:Boards.Port | Sort-Object)
    }
}

Describe 'Get-MicroPythonPort' {
    It 'returns nothing, and no error, when no port matches' {
        $ports = Get-MicroPythonPort -Name 'no-such-port-*' -ErrorVariable failures

        $ports | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
    }

    It 'lists only ports with a USB id with -UsbOnly' {
        $ports = @(Get-MicroPythonPort -UsbOnly)

        $ports | ForEach-Object { $_.UsbId | Should -Match '^[0-9a-f]{4}:[0-9a-f]{4}$' }
    }
}

Describe 'Connect-MicroPythonDevice -All' {
    It 'connects nothing, with a warning and no error, when no port has the USB id' {
        $devices = Connect-MicroPythonDevice -All -UsbId 'ffff:fffe' -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failures

        $devices | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
        $warnings.Count | Should -Be 1
    }
}

Describe 'Connection failures' {
    It 'reports a TCP port where nothing listens as DeviceConnectionFailed' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $closedPort = $listener.LocalEndpoint.Port
        $listener.Stop()

        { Connect-MicroPythonDevice -Port "socket://127.0.0.1:$closedPort" -Timeout 2 -ErrorAction Stop } | Should -Throw -ErrorId 'DeviceConnectionFailed,*'
    }

    It 'reports a serial port that does not exist as DeviceConnectionFailed, naming it' {
        $missing = Join-Path ([System.IO.Path]::GetTempPath()) ('no-such-tty-' + [guid]::NewGuid().ToString('n'))

        { Connect-MicroPythonDevice -Port $missing -Timeout 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'DeviceConnectionFailed,*' -ExpectedMessage "*$missing*"
    }
}
