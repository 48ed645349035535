#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

# The partition cmdlets against the board emulator over TCP and behind a socat pseudo-terminal (a serial port).
BeforeDiscovery {
    $script:Transports = @(@{ Transport = 'TCP' }, @{ Transport = 'serial' })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    $script:ManifestPath = Get-TestModuleManifest
    Import-Module -Name $script:ManifestPath -Force
    $script:Vectors = Get-TestVectorsFolder
    $script:Basic = Join-Path $script:Vectors 'images/basic.mpy.romfs'
    $script:BasicNoMpy = Join-Path $script:Vectors 'images/basic.nompy.romfs'
    $script:Big = Join-Path $script:Vectors 'images/big.mpy.romfs'

    function Get-Sha256 {
        param([string] $Path)
        (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant()
    }

    function Get-PartitionHash {
        param([int] $Partition)
        (Get-RomfsPartition -Device $script:Device -Partition $Partition).ImageHash
    }
}

AfterAll {
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'Partition cmdlets over <Transport>' -ForEach $script:Transports {
    BeforeAll {
        $script:Emulator = if ($Transport -eq 'TCP') { Start-BoardEmulator } else { Start-SerialBoardEmulator }
        $script:Port = $script:Emulator.PortName
        $script:Device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10
    }

    AfterAll {
        if ($script:Device) {
            Disconnect-MicroPythonDevice -Device $script:Device -ErrorAction SilentlyContinue
        }
        Stop-BoardEmulator -Emulator $script:Emulator
    }

    Context 'Get-RomfsPartition' {
        It 'describes every partition of the board' {
            $partitions = Get-RomfsPartition -Device $script:Device

            $partitions.Partition | Should -Be @(0, 1)
            $partitions.Size | Should -Be @(262144, 65536)
            $partitions[0].GetType().FullName | Should -Be 'MicroPythonRomfs.Partitions.RomPartitionInfo'
            $partitions.Port | Should -Be @($script:Port, $script:Port)
        }

        It 'takes the device from the pipeline and picks one partition with -Partition' {
            $partition = $script:Device | Get-RomfsPartition -Partition 1

            $partition.Partition | Should -Be 1
            $partition.Size | Should -Be 65536
        }

        It 'reports a partition the board does not have as RomPartitionNotFound' {
            { Get-RomfsPartition -Device $script:Device -Partition 7 -ErrorAction Stop } | Should -Throw -ErrorId 'RomPartitionNotFound,*'
        }
    }

    Context 'Publish-RomfsImage' {
        It 'changes nothing with -WhatIf' {
            $before = Get-PartitionHash -Partition 1

            Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -WhatIf

            Get-PartitionHash -Partition 1 | Should -Be $before
        }

        It 'deploys an image, verified, and returns the result with -PassThru' {
            $result = Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -Force -PassThru

            $result.Verified | Should -BeTrue
            $result.BlocksWritten | Should -Be 1
            $result.ImageHash | Should -Be (Get-Sha256 $script:Basic)
            Get-PartitionHash -Partition 1 | Should -Be $result.ImageHash
        }

        It 'skips every block when the board already holds the image' {
            $result = Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -Force -PassThru

            $result.BlocksWritten | Should -Be 0
            $result.BlocksSkipped | Should -Be 1
        }

        It 'rewrites every block with -Full' {
            $result = Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -Full -Force -PassThru

            $result.BlocksWritten | Should -Be 1
            $result.Verified | Should -BeTrue
        }

        It 'takes the image by -LiteralPath, sending <_> frames with -Transfer' -ForEach @('Text', 'Binary') {
            $result = Publish-RomfsImage -LiteralPath $script:BasicNoMpy -Device $script:Device -Partition 1 -Transfer $_ -Force -PassThru

            $result.Verified | Should -BeTrue
            Get-PartitionHash -Partition 1 | Should -Be (Get-Sha256 $script:BasicNoMpy)
        }

        It 'does not read the blocks back with -NoVerify' {
            # Binary: an image this small otherwise goes as one statement that proves its SHA-256 on the way anyway.
            $result = Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -Transfer Binary -NoVerify -Force -PassThru

            $result.Verified | Should -BeFalse
            Get-PartitionHash -Partition 1 | Should -Be (Get-Sha256 $script:Basic)
        }

        It 'builds a folder given as -Path and deploys the image' {
            $result = Publish-RomfsImage -Path (Join-Path $script:Vectors 'trees/basic') -NoMpy -Device $script:Device -Partition 1 -Force -PassThru

            $result.ImageHash | Should -Be (Get-Sha256 $script:BasicNoMpy)
            Get-PartitionHash -Partition 1 | Should -Be (Get-Sha256 $script:BasicNoMpy)
        }

        It 'takes an image object from New-RomfsImage -PassThru' {
            $image = New-RomfsImage -Path (Join-Path $script:Vectors 'trees/deep') -OutFile (Join-Path $TestDrive "deep-$Transport.romfs") -PassThru

            $image | Publish-RomfsImage -Device $script:Device -Partition 1 -Force

            Get-PartitionHash -Partition 1 | Should -Be $image.ImageHash
        }

        It 'binds Device and Partition from Get-RomfsPartition output' {
            Get-RomfsPartition -Device $script:Device -Partition 1 | Publish-RomfsImage -Path $script:Basic -Force

            Get-PartitionHash -Partition 1 | Should -Be (Get-Sha256 $script:Basic)
        }

        It 'reports its progress, ending with a Completed record' {
            $streams = Invoke-WithStreams -ScriptBlock {
                param($Device, $Image)
                Publish-RomfsImage -Path $Image -Device $Device -Partition 1 -Full -Force
            } -ArgumentList $script:Device, $script:BasicNoMpy

            $streams.Error | Should -BeNullOrEmpty
            $streams.Progress.Count | Should -BeGreaterThan 1
            $streams.Progress[-1].RecordType | Should -Be 'Completed'
            @($streams.Progress | Where-Object { $_.PercentComplete -gt 0 }).Count | Should -BeGreaterThan 0
        }

        It 'refuses an image too big for the partition as ImageTooBig, writing nothing' {
            $before = Get-PartitionHash -Partition 0

            { Publish-RomfsImage -Path $script:Big -Device $script:Device -Partition 0 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'ImageTooBig,*'

            Get-PartitionHash -Partition 0 | Should -Be $before
        }

        It 'reports a file that is not an image as InvalidRomfsImage, writing nothing' {
            $before = Get-PartitionHash -Partition 1
            $bogus = Join-Path $TestDrive "bogus-$Transport.romfs"
            [System.IO.File]::WriteAllBytes($bogus, [byte[]](1..64))

            { Publish-RomfsImage -Path $bogus -Device $script:Device -Partition 1 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRomfsImage,*'

            Get-PartitionHash -Partition 1 | Should -Be $before
        }
    }

    Context 'Save-RomfsPartition' {
        It 'reads the deployed image back, byte for byte' {
            Publish-RomfsImage -Path $script:Basic -Device $script:Device -Partition 1 -Force
            $file = Join-Path $TestDrive "saved-$Transport.romfs"

            Save-RomfsPartition -OutFile $file -Device $script:Device -Partition 1

            Get-Sha256 $file | Should -Be (Get-Sha256 $script:Basic)
        }

        It 'writes nothing with -WhatIf' {
            $file = Join-Path $TestDrive "whatif-$Transport.romfs"

            Save-RomfsPartition -OutFile $file -Device $script:Device -Partition 1 -WhatIf

            Test-Path -LiteralPath $file | Should -BeFalse
        }

        It 'refuses to replace a file without -Force' {
            $file = Join-Path $TestDrive "exists-$Transport.romfs"
            Set-Content -LiteralPath $file -Value 'keep'

            { Save-RomfsPartition -OutFile $file -Device $script:Device -Partition 1 -ErrorAction Stop } | Should -Throw -ErrorId 'RomfsOutputExists,*'

            Get-Content -LiteralPath $file | Should -Be 'keep'
        }

        It 'replaces a file with -Force and returns it with -PassThru' {
            $file = Join-Path $TestDrive "replace-$Transport.romfs"
            Set-Content -LiteralPath $file -Value 'replace me'

            $saved = Save-RomfsPartition -OutFile $file -Device $script:Device -Partition 1 -Force -PassThru

            $saved.FullName | Should -Be $file
            Get-Sha256 $file | Should -Be (Get-Sha256 $script:Basic)
        }

        It 'saves the whole partition with -WholePartition' {
            $file = Join-Path $TestDrive "whole-$Transport.bin"

            $saved = Save-RomfsPartition -OutFile $file -Device $script:Device -Partition 1 -WholePartition -PassThru

            $saved.Length | Should -Be 65536
        }

        It 'binds -Device and -Partition from a piped partition object' {
            $file = Join-Path $TestDrive "piped-$Transport.romfs"

            Get-RomfsPartition -Device $script:Device -Partition 1 | Save-RomfsPartition -OutFile $file

            Get-Sha256 $file | Should -Be (Get-Sha256 $script:Basic)
        }
    }

    Context 'In another process' {
        BeforeAll {
            # The child process opens the port itself; a port has one user at a time.
            Disconnect-MicroPythonDevice -Device $script:Device
        }

        AfterAll {
            $script:Device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10
        }

        It 'Publish-RomfsImage without -Force fails with the host''s prompt error in a non-interactive host, writing nothing' {
            $outcome = Invoke-ChildPowerShell -ScriptBlock {
                param($Manifest, $Port, $Image)
                Import-Module -Name $Manifest
                $device = Connect-MicroPythonDevice -Port $Port -Timeout 10
                $before = (Get-RomfsPartition -Device $device -Partition 1).ImageHash
                try {
                    Publish-RomfsImage -Path $Image -Device $device -Partition 1 -ErrorAction Stop
                    'published'
                }
                catch {
                    $_.FullyQualifiedErrorId
                    $_.Exception.Message
                }
                (Get-RomfsPartition -Device $device -Partition 1).ImageHash -eq $before
                Disconnect-MicroPythonDevice -Device $device
            } -ArgumentList $script:ManifestPath, $script:Port, $script:BasicNoMpy

            # Not NoDeviceConnected: the board is there; the host could not ask.
            $outcome[0] | Should -Match '^(PS)?InvalidOperation,'
            $outcome[1] | Should -BeLike '*NonInteractive*'
            $outcome[2] | Should -BeTrue
        }

        It 'round-trips partitions and results through Start-Job, and a job''s partition binds to Save-RomfsPartition' {
            $fromJob = Start-Job -ScriptBlock {
                param($Manifest, $Port, $Image)
                Import-Module -Name $Manifest
                $device = Connect-MicroPythonDevice -Port $Port -Timeout 10
                Publish-RomfsImage -Path $Image -Device $device -Partition 1 -Force -PassThru
                Get-RomfsPartition -Device $device -Partition 1
                Disconnect-MicroPythonDevice -Device $device
            } -ArgumentList $script:ManifestPath, $script:Port, $script:BasicNoMpy | Receive-Job -Wait -AutoRemoveJob

            $result, $partition = $fromJob
            $result.PSObject.TypeNames[0] | Should -Be 'Deserialized.MicroPythonRomfs.Partitions.DeployResult'
            $result.Verified | Should -BeTrue
            $result.ImageHash | Should -Be (Get-Sha256 $script:BasicNoMpy)
            $partition.PSObject.TypeNames[0] | Should -Be 'Deserialized.MicroPythonRomfs.Partitions.RomPartitionInfo'
            $partition.Port | Should -Be $script:Port
            $partition.ImageHash | Should -Be (Get-Sha256 $script:BasicNoMpy)

            $device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10
            try {
                $file = Join-Path $TestDrive "job-$Transport.romfs"
                $partition | Save-RomfsPartition -OutFile $file -Device $device
                Get-Sha256 $file | Should -Be (Get-Sha256 $script:BasicNoMpy)
            }
            finally {
                Disconnect-MicroPythonDevice -Device $device
            }
        }
    }
}
