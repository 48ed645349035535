#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Emulator = Start-BoardEmulator -WebReplPassword 'secret'
    $script:Url = $script:Emulator.Url
    $script:Secret = ConvertTo-SecureString -String 'secret' -AsPlainText -Force
    $script:Image = Join-Path (Get-TestVectorsFolder) 'images/basic.nompy.romfs'
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

Describe 'Boards over WebREPL' {
    It 'refuses a wrong password as DeviceAuthenticationFailed, without the password in the record' {
        $wrong = [pscredential]::new('webrepl', (ConvertTo-SecureString -String 'nope' -AsPlainText -Force))

        $device = Connect-MicroPythonDevice -Port $script:Url -Credential $wrong -Timeout 20 -ErrorAction SilentlyContinue -ErrorVariable failures

        $device | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DeviceAuthenticationFailed,*'
        $failures[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failures[0].TargetObject | Should -Be $script:Url
        ($failures[0] | Out-String) | Should -Not -Match 'nope'
    }

    It 'connects with -Password and runs code' {
        $script:Device = Connect-MicroPythonDevice -Port $script:Url -Password $script:Secret -Timeout 20

        $script:Device.Port | Should -Be $script:Url
        Invoke-MicroPython -Device $script:Device -Command 'print(6 * 7)' | Should -Be '42'
    }

    It 'deploys, queries and saves over the same link' {
        $result = Publish-RomfsImage -Path $script:Image -Device $script:Device -Reset -Confirm:$false -PassThru

        $result.Verified | Should -BeTrue
        $partition = Get-RomfsPartition -Device $script:Device -Partition 0
        $partition.ImageSize | Should -Be (Get-Item -LiteralPath $script:Image).Length
        $partition.MountPoint | Should -Be '/rom'
        $saved = Join-Path $TestDrive 'back.romfs'
        Save-RomfsPartition -OutFile $saved -Device $script:Device -Partition 0
        (Get-FileHash -LiteralPath $saved).Hash | Should -Be (Get-FileHash -LiteralPath $script:Image).Hash
    }

    It 'takes the password from -Credential' {
        Disconnect-MicroPythonDevice -Device $script:Device
        $credential = [pscredential]::new('webrepl', $script:Secret)

        $script:Device = Connect-MicroPythonDevice -Port $script:Url -Credential $credential -Timeout 20

        Invoke-MicroPython -Device $script:Device -Command 'print(1 + 1)' | Should -Be '2'
    }
}
