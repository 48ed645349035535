#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Emulator = Start-BoardEmulator
    $script:Port = 'socket://{0}:{1}' -f $script:Emulator.Address, $script:Emulator.Port
}

AfterAll {
    Get-Variable -Name Device -Scope Script -ErrorAction SilentlyContinue | ForEach-Object {
        Disconnect-MicroPythonDevice -Device $_.Value -ErrorAction SilentlyContinue
    }
    if ($script:Emulator) {
        Stop-BoardEmulator -Emulator $script:Emulator
    }
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Connect-MicroPythonDevice' {
    It 'connects to the board and reads what it is' {
        $first = Connect-MicroPythonDevice -Port $script:Port -Timeout 10

        $first.GetType().FullName | Should -Be 'MicroPythonRomfs.Device.MicroPythonDevice'
        $first.IsConnected | Should -BeTrue
        $first.Port | Should -Be $script:Port
        $first.RomfsPartitionCount | Should -Be 2
        $first.MpyVersion | Should -Match '^\d+\.\d+$'
        # The emulator takes one client at a time, like a serial port.
        Disconnect-MicroPythonDevice -Device $first
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

    It 'reports a port where nothing listens as DeviceConnectionFailed' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $closedPort = $listener.LocalEndpoint.Port
        $listener.Stop()

        { Connect-MicroPythonDevice -Port "socket://127.0.0.1:$closedPort" -Timeout 2 -ErrorAction Stop } | Should -Throw -ErrorId 'DeviceConnectionFailed,*'
    }
}

Describe 'Invoke-MicroPython' {
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

    It 'refuses code holding a raw REPL control character, as InvalidMicroPythonCode' {
        $code = 'print(1)' + [char] 4

        { Invoke-MicroPython -Device $script:Device -Command $code -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMicroPythonCode,*'
        Invoke-MicroPython -Device $script:Device -Command 'print(2)' | Should -Be '2'
    }

    It 'turns a Python exception into a MicroPythonError naming the exception' {
        { Invoke-MicroPython -Device $script:Device -Command "raise ValueError('boom')" -ErrorAction Stop } |
            Should -Throw -ErrorId 'MicroPythonError,*' -ExpectedMessage '*ValueError*boom*'
    }
}

Describe 'Reset-MicroPythonDevice' {
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
}

Describe 'Get-MicroPythonPort' {
    It 'returns nothing, and no error, when no port matches' {
        $ports = Get-MicroPythonPort -Name 'no-such-port-*' -ErrorVariable failures

        $ports | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
    }
}

Describe 'Disconnect-MicroPythonDevice' {
    It 'closes the connection, after which commands without -Device find none' {
        Disconnect-MicroPythonDevice -Device $script:Device

        $script:Device.IsConnected | Should -BeFalse
        { Invoke-MicroPython -Command 'print(1)' -ErrorAction Stop } | Should -Throw -ErrorId 'NoDeviceConnected,*'
    }
}
