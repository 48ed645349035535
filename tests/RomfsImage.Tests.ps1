#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Vectors = Get-TestVectorsFolder
    $script:BasicNoMpy = Join-Path $script:Vectors 'images/basic.nompy.romfs'

    function Get-TreeListing {
        # Relative path and SHA-256 of every file below a folder, for before/after comparisons.
        param([string] $Root)
        $rootPath = (Resolve-Path -LiteralPath $Root).ProviderPath.TrimEnd('\', '/')
        Get-ChildItem -LiteralPath $rootPath -Recurse -File | Sort-Object FullName | ForEach-Object {
            '{0} {1}' -f $_.FullName.Substring($rootPath.Length + 1).Replace('\', '/'), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
        }
    }
}

AfterAll {
    Remove-Module -Name MicroPythonRomfs -Force -ErrorAction SilentlyContinue
}

Describe 'New-RomfsImage' {
    BeforeEach {
        $script:Work = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $script:Work | Out-Null
        Copy-Item -LiteralPath (Join-Path $script:Vectors 'trees/basic') -Destination $script:Work -Recurse
        $script:Tree = Join-Path $script:Work 'basic'
    }

    It 'builds a folder into <folder>.romfs beside it, byte for byte like mpremote --no-mpy' {
        New-RomfsImage -Path $script:Tree -NoMpy

        $image = Join-Path $script:Work 'basic.romfs'
        (Get-FileHash -LiteralPath $image).Hash | Should -Be (Get-FileHash -LiteralPath $script:BasicNoMpy).Hash
    }

    It 'resolves PowerShell drive paths and paths relative to the current location' {
        $drivePath = 'TestDrive:\{0}\basic' -f (Split-Path -Leaf $script:Work)
        New-RomfsImage -Path $drivePath -OutFile "$drivePath-drive.romfs" -NoMpy
        Push-Location -LiteralPath $script:Work
        try {
            New-RomfsImage -Path .\basic -OutFile .\relative.romfs -NoMpy
        }
        finally {
            Pop-Location
        }

        Test-Path -LiteralPath (Join-Path $script:Work 'basic-drive.romfs') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $script:Work 'relative.romfs') | Should -BeTrue
    }

    It 'binds files piped from Get-ChildItem through PSPath' {
        $out = Join-Path $script:Work 'piped.romfs'

        Get-ChildItem -LiteralPath $script:Tree -Recurse -File | New-RomfsImage -RootPath $script:Tree -OutFile $out -NoMpy

        (Get-FileHash -LiteralPath $out).Hash | Should -Be (Get-FileHash -LiteralPath $script:BasicNoMpy).Hash
    }

    It 'returns the image with -PassThru' {
        $info = New-RomfsImage -Path $script:Tree -OutFile (Join-Path $script:Work 'info.romfs') -NoMpy -PassThru

        $info.GetType().FullName | Should -Be 'MicroPythonRomfs.Romfs.RomfsImageInfo'
        $info.Length | Should -Be 2310
        $info.FileCount | Should -Be 6
        $info.DirectoryCount | Should -Be 3
        $info.ImageHash | Should -Be (Get-FileHash -LiteralPath $script:BasicNoMpy -Algorithm SHA256).Hash.ToLowerInvariant()
    }

    It 'writes nothing with -WhatIf' {
        $before = Get-TreeListing -Root $script:Work

        New-RomfsImage -Path $script:Tree -OutFile (Join-Path $script:Work 'whatif.romfs') -NoMpy -WhatIf

        Get-TreeListing -Root $script:Work | Should -Be $before
    }

    It 'refuses to replace an existing image without -Force, leaving it unchanged' {
        $out = Join-Path $script:Work 'existing.romfs'
        Set-Content -LiteralPath $out -Value 'keep me'
        $before = (Get-FileHash -LiteralPath $out).Hash

        { New-RomfsImage -Path $script:Tree -OutFile $out -NoMpy -ErrorAction Stop } | Should -Throw -ErrorId 'RomfsOutputExists,*'

        (Get-FileHash -LiteralPath $out).Hash | Should -Be $before
    }

    It 'replaces an existing image with -Force' {
        $out = Join-Path $script:Work 'existing.romfs'
        Set-Content -LiteralPath $out -Value 'replace me'

        New-RomfsImage -Path $script:Tree -OutFile $out -NoMpy -Force

        (Get-FileHash -LiteralPath $out).Hash | Should -Be (Get-FileHash -LiteralPath $script:BasicNoMpy).Hash
    }

    It 'reports a missing path as PathNotFound' {
        $missing = Join-Path $script:Work 'no-such-folder'

        New-RomfsImage -Path $missing -NoMpy -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures.Count | Should -BeGreaterThan 0
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
    }

    It 'rejects -Mpy together with -NoMpy' {
        { New-RomfsImage -Path $script:Tree -Mpy -NoMpy -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRomfsArgument,*'
    }

    It 'compiles .py files with the built-in compiler by default, byte for byte like mpremote' {
        $out = Join-Path $script:Work 'compiled.romfs'

        New-RomfsImage -Path $script:Tree -OutFile $out

        (Get-FileHash -LiteralPath $out).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $script:Vectors 'images/basic.mpy.romfs')).Hash
    }

    It 'takes the folder by -LiteralPath, leaves out -Exclude matches and aligns data with -Align' {
        $out = Join-Path $script:Work 'literal.romfs'

        $info = New-RomfsImage -LiteralPath $script:Tree -OutFile $out -NoMpy -Exclude '*.json' -Align 16 -PassThru

        $entries = Get-RomfsItem -LiteralPath $out -Recurse
        $entries.Path | Should -Not -Contain 'data/config.json'
        $info.FileCount | Should -Be 5
        $entries | Where-Object Kind -EQ 'File' | ForEach-Object { $_.Offset % 16 | Should -Be 0 }
    }

    It 'reports its progress, ending with a Completed record' {
        $streams = Invoke-WithStreams -ScriptBlock {
            param($Tree, $Out)
            New-RomfsImage -Path $Tree -OutFile $Out -NoMpy
        } -ArgumentList $script:Tree, (Join-Path $script:Work 'progress.romfs')

        $streams.Error | Should -BeNullOrEmpty
        $streams.Progress.Count | Should -BeGreaterThan 1
        $streams.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'returns an image object that survives Start-Job with the properties downstream cmdlets bind to' {
        $out = Join-Path $script:Work 'job.romfs'

        $info = Start-Job -ScriptBlock {
            param($Manifest, $Tree, $Out)
            Import-Module -Name $Manifest
            New-RomfsImage -Path $Tree -OutFile $Out -NoMpy -PassThru
        } -ArgumentList (Get-TestModuleManifest), $script:Tree, $out | Receive-Job -Wait -AutoRemoveJob

        $info.PSObject.TypeNames[0] | Should -Be 'Deserialized.MicroPythonRomfs.Romfs.RomfsImageInfo'
        $info.Path | Should -Be $out
        $info.FileCount | Should -Be 6
        $info.ImageHash | Should -Be (Get-FileHash -LiteralPath $script:BasicNoMpy -Algorithm SHA256).Hash.ToLowerInvariant()
        (Get-RomfsItem -LiteralPath $info.Path).Path | Should -Be @('config.py', 'data', 'lib', 'main.py')
    }
}

Describe 'Get-RomfsItem' {
    It 'lists the top-level entries of an image' {
        $entries = Get-RomfsItem -LiteralPath (Join-Path $script:Vectors 'images/basic.mpy.romfs')

        $entries.Path | Should -Be @('config.mpy', 'data', 'lib', 'main.mpy')
        ($entries | Where-Object Path -EQ 'main.mpy').Length | Should -Be 554
    }

    It 'lists every entry with -Recurse, from piped file objects' {
        $entries = Get-Item -LiteralPath $script:BasicNoMpy | Get-RomfsItem -Recurse

        $entries.Count | Should -Be 9
        ($entries | Where-Object Kind -EQ 'File').Count | Should -Be 6
        $entries[0].GetType().FullName | Should -Be 'MicroPythonRomfs.Romfs.RomfsEntry'
    }

    It 'expands wildcards in -Path' {
        $entries = Get-RomfsItem -Path (Join-Path $script:Vectors 'images/basic.nompy.rom*')

        $entries.Path | Should -Be @('config.py', 'data', 'lib', 'main.py')
    }

    It 'reports a file that is not an image as InvalidRomfsImage, and goes on with the next' {
        $bogus = Join-Path $TestDrive 'bogus.romfs'
        [System.IO.File]::WriteAllBytes($bogus, [byte[]](1..64))

        $entries = Get-RomfsItem -LiteralPath $bogus, $script:BasicNoMpy -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRomfsImage,*'
        $failures[0].Exception.Message | Should -Match 'bogus\.romfs'
        $entries.Count | Should -Be 4
    }
}

Describe 'Expand-RomfsImage' {
    BeforeEach {
        $script:Destination = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
    }

    It 'extracts the files that the image was built from' {
        Expand-RomfsImage -Path $script:BasicNoMpy -DestinationPath $script:Destination

        Get-TreeListing -Root $script:Destination | Should -Be (Get-TreeListing -Root (Join-Path $script:Vectors 'trees/basic'))
    }

    It 'returns the files written with -PassThru' {
        $files = Expand-RomfsImage -Path $script:BasicNoMpy -DestinationPath $script:Destination -PassThru

        $files.Count | Should -Be 6
        $files | ForEach-Object { $_ | Should -BeOfType System.IO.FileInfo }
    }

    It 'takes piped file objects through -LiteralPath' {
        Get-Item -LiteralPath $script:BasicNoMpy | Expand-RomfsImage -DestinationPath $script:Destination

        Get-TreeListing -Root $script:Destination | Should -Be (Get-TreeListing -Root (Join-Path $script:Vectors 'trees/basic'))
    }

    It 'replaces existing files with -Force' {
        New-Item -ItemType Directory -Path $script:Destination | Out-Null
        Set-Content -LiteralPath (Join-Path $script:Destination 'main.py') -Value 'replace me'

        Expand-RomfsImage -LiteralPath $script:BasicNoMpy -DestinationPath $script:Destination -Force

        Get-TreeListing -Root $script:Destination | Should -Be (Get-TreeListing -Root (Join-Path $script:Vectors 'trees/basic'))
    }

    It 'creates nothing with -WhatIf' {
        Expand-RomfsImage -Path $script:BasicNoMpy -DestinationPath $script:Destination -WhatIf

        Test-Path -LiteralPath $script:Destination | Should -BeFalse
    }

    It 'writes nothing when a file exists and -Force is not given' {
        New-Item -ItemType Directory -Path $script:Destination | Out-Null
        Set-Content -LiteralPath (Join-Path $script:Destination 'main.py') -Value 'keep me'
        $before = Get-TreeListing -Root $script:Destination

        Expand-RomfsImage -Path $script:BasicNoMpy -DestinationPath $script:Destination -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RomfsOutputExists,*'
        Get-TreeListing -Root $script:Destination | Should -Be $before
    }
}
