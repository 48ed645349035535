#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Vectors = Get-TestVectorsFolder
    $script:BasicNoMpy = Join-Path $script:Vectors 'images/basic.nompy.romfs'
    # The emulator's default layout, as on the board the vectors were recorded with: 262144 and 65536 bytes.
    $script:Emulator = Start-BoardEmulator
    $script:Device = Connect-MicroPythonDevice -Port ('socket://{0}:{1}' -f $script:Emulator.Address, $script:Emulator.Port) -Timeout 10

    function Get-Sha256 {
        param([string] $Path)
        (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant()
    }
}

AfterAll {
    if ($script:Device) {
        Disconnect-MicroPythonDevice -Device $script:Device -ErrorAction SilentlyContinue
    }
    if ($script:Emulator) {
        Stop-BoardEmulator -Emulator $script:Emulator
    }
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

# What tests/Partitions.Tests.ps1 leaves out: the mount after -Reset and the partition-wide and piped saves.
Describe 'Publish-RomfsImage -Reset' {
    It 'takes an image object from New-RomfsImage -PassThru through the pipeline, and mounts it with -Reset' {
        Copy-Item -LiteralPath (Join-Path $script:Vectors 'trees/basic') -Destination $TestDrive -Recurse
        $tree = Join-Path $TestDrive 'basic'

        New-RomfsImage -Path $tree -NoMpy -PassThru | Publish-RomfsImage -Device $script:Device -Partition 0 -Reset -Force

        (Get-RomfsPartition -Device $script:Device -Partition 0).ImageHash | Should -Be (Get-Sha256 $script:BasicNoMpy)
        Invoke-MicroPython -Device $script:Device -Command "import os; print(sorted(os.listdir('/rom')))" |
            Should -Be "['config.py', 'data', 'lib', 'main.py']"
    }
}

Describe 'Save-RomfsPartition' {
    BeforeAll {
        Publish-RomfsImage -Path $script:BasicNoMpy -Device $script:Device -Partition 1 -Force
    }

    It 'saves the whole partition with -WholePartition' {
        $out = Join-Path $TestDrive 'whole.bin'

        $file = Save-RomfsPartition -OutFile $out -Device $script:Device -Partition 1 -WholePartition -PassThru

        $file.Length | Should -Be 65536
    }

    It 'binds -Device and -Partition from a piped partition object' {
        $out = Join-Path $TestDrive 'piped.romfs'

        Get-RomfsPartition -Device $script:Device -Partition 1 | Save-RomfsPartition -OutFile $out

        Get-Sha256 $out | Should -Be (Get-Sha256 $script:BasicNoMpy)
    }
}
