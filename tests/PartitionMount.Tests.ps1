#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

# Over TCP and behind a socat pseudo-terminal (a serial port), like tests/Partitions.Tests.ps1.
BeforeDiscovery {
    $script:Transports = @(@{ Transport = 'TCP' }, @{ Transport = 'serial' })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Vectors = Get-TestVectorsFolder
    $script:BasicNoMpy = Join-Path $script:Vectors 'images/basic.nompy.romfs'

    function Get-Sha256 {
        param([string] $Path)
        (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant()
    }
}

AfterAll {
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Mounting and saving over <Transport>' -ForEach $script:Transports {
    BeforeAll {
        # The emulator's default layout, as on the board the vectors were recorded with: 262144 and 65536 bytes.
        $script:Emulator = if ($Transport -eq 'TCP') { Start-BoardEmulator } else { Start-SerialBoardEmulator }
        $script:Device = Connect-MicroPythonDevice -Port $script:Emulator.PortName -Timeout 10
    }

    AfterAll {
        if ($script:Device) {
            Disconnect-MicroPythonDevice -Device $script:Device -ErrorAction SilentlyContinue
        }
        Stop-BoardEmulator -Emulator $script:Emulator
    }

    # What tests/Partitions.Tests.ps1 leaves out: the mount after -Reset and the partition-wide and piped saves.
    Context 'Publish-RomfsImage -Reset' {
        It 'takes an image object from New-RomfsImage -PassThru through the pipeline, and mounts it with -Reset' {
            $tree = Join-Path $TestDrive "basic-$Transport"
            Copy-Item -LiteralPath (Join-Path $script:Vectors 'trees/basic') -Destination $tree -Recurse

            New-RomfsImage -Path $tree -NoMpy -PassThru | Publish-RomfsImage -Device $script:Device -Partition 0 -Reset -Force

            (Get-RomfsPartition -Device $script:Device -Partition 0).ImageHash | Should -Be (Get-Sha256 $script:BasicNoMpy)
            Invoke-MicroPython -Device $script:Device -Command "import os; print(sorted(os.listdir('/rom')))" |
                Should -Be "['config.py', 'data', 'lib', 'main.py']"
        }

        It 'says where the image is mounted, and lists its files with -Contents' {
            $partition = Get-RomfsPartition -Device $script:Device -Partition 0
            $entries = Get-RomfsPartition -Device $script:Device -Partition 0 -Contents

            $partition.IsMounted | Should -BeTrue
            $partition.MountPoint | Should -Be '/rom'
            @($entries | Where-Object Kind -EQ 'File').Count | Should -Be 6
            $entries.Path | Should -Contain 'main.py'
        }
    }

    Context 'Save-RomfsPartition' {
        BeforeAll {
            Publish-RomfsImage -Path $script:BasicNoMpy -Device $script:Device -Partition 1 -Force
        }

        It 'saves the whole partition with -WholePartition' {
            $out = Join-Path $TestDrive "whole-$Transport.bin"

            $file = Save-RomfsPartition -OutFile $out -Device $script:Device -Partition 1 -WholePartition -PassThru

            $file.Length | Should -Be 65536
        }

        It 'binds -Device and -Partition from a piped partition object' {
            $out = Join-Path $TestDrive "piped-$Transport.romfs"

            Get-RomfsPartition -Device $script:Device -Partition 1 | Save-RomfsPartition -OutFile $out

            Get-Sha256 $out | Should -Be (Get-Sha256 $script:BasicNoMpy)
        }
    }
}
