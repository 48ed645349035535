#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5.0' }

# The pipelines and paths the user trial of issue 13 found wanting: the README's and the about topic's pipelines as
# written, one path error per bad path, objects that bind down the pipeline, and provider items from -PassThru.

BeforeAll {
    . (Join-Path $PSScriptRoot 'PesterSupport.ps1')
    Import-Module -Name (Get-TestModuleManifest) -Force
    $script:Vectors = Get-TestVectorsFolder
    $script:BasicNoMpy = Join-Path $script:Vectors 'images/basic.nompy.romfs'
    $script:Emulator = Start-BoardEmulator
    $script:Port = 'socket://{0}:{1}' -f $script:Emulator.Address, $script:Emulator.Port

    function Get-CommandErrors {
        # Every error record a command writes, terminating or not, in the order written.
        param([scriptblock] $Command)
        $global:Error.Clear()
        try {
            & $Command 2>$null | Out-Null
        }
        catch {
            Write-Verbose "terminating: $_"
        }
        $records = @($global:Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        [array]::Reverse($records)
        return , $records
    }

    function New-WorkFolder {
        $work = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $work | Out-Null
        Copy-Item -LiteralPath (Join-Path $script:Vectors 'trees/basic') -Destination $work -Recurse
        return $work
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

Describe 'New-RomfsImage from the pipeline, as the README and about_MicroPythonRomfs show it' {
    BeforeEach {
        $script:Work = New-WorkFolder
    }

    It 'builds Get-ChildItem <folder> -Recurse into <folder>.romfs beside the folder, as New-RomfsImage <folder> does' {
        Push-Location -LiteralPath $script:Work
        try {
            Get-ChildItem basic -Recurse | New-RomfsImage -NoMpy
        }
        finally {
            Pop-Location
        }

        (Get-FileHash -LiteralPath (Join-Path $script:Work 'basic.romfs')).Hash | Should -Be (Get-FileHash -LiteralPath $script:BasicNoMpy).Hash
    }

    It 'builds Get-ChildItem -Recurse -File of the current folder into an image beside it, and says which root it chose' {
        Push-Location -LiteralPath (Join-Path $script:Work 'basic')
        try {
            $verbose = Get-ChildItem -Recurse -File | New-RomfsImage -NoMpy -Verbose 4>&1
        }
        finally {
            Pop-Location
        }

        (Get-FileHash -LiteralPath (Join-Path $script:Work 'basic.romfs')).Hash | Should -Be (Get-FileHash -LiteralPath $script:BasicNoMpy).Hash
        ($verbose -join "`n") | Should -BeLike "*relative to '$(Join-Path $script:Work 'basic')'*"
    }

    It 'refuses -Align that is not a power of two when the parameters are bound, before anything is read' {
        { New-RomfsImage -Path (Join-Path $script:Work 'basic') -Align 3 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -ExpectedMessage '*power of two*'
        Test-Path -LiteralPath (Join-Path $script:Work 'basic.romfs') | Should -BeFalse
    }

    It 'says the output exists and names -Force, without the command-line flag' {
        New-RomfsImage -Path (Join-Path $script:Work 'basic') -NoMpy
        $failure = { New-RomfsImage -Path (Join-Path $script:Work 'basic') -NoMpy -ErrorAction Stop } | Should -Throw -ErrorId 'RomfsOutputExists,*' -PassThru

        $failure.ToString() | Should -BeLike '*-Force*'
        $failure.ToString() | Should -Not -BeLike '*--force*'
    }
}

Describe 'Get-RomfsItem and Expand-RomfsImage' {
    BeforeEach {
        $script:Work = New-WorkFolder
    }

    It 'says a folder given to Get-RomfsItem is a folder, not that the image cannot be found' {
        $failure = { Get-RomfsItem -Path (Join-Path $script:Work 'basic') -ErrorAction Stop } | Should -Throw -ErrorId 'PathIsAFolder,*' -PassThru

        $failure.ToString() | Should -BeLike "*$(Join-Path $script:Work 'basic')*is a folder*"
    }

    It 'writes the extracted files with -PassThru as Get-Item does, with PSPath and the provider columns' {
        $items = Expand-RomfsImage -LiteralPath $script:BasicNoMpy -DestinationPath (Join-Path $script:Work 'out') -PassThru

        $items | Should -Not -BeNullOrEmpty
        foreach ($item in $items) {
            $item.PSPath | Should -BeLike 'Microsoft.PowerShell.Core\FileSystem::*'
            $item.PSProvider.Name | Should -Be 'FileSystem'
            $item.PSChildName | Should -Be $item.Name
            $item.PSObject.Properties['Mode'] | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'Device cmdlets in pipelines' {
    BeforeAll {
        $script:Device = Connect-MicroPythonDevice -Port $script:Port -Timeout 10
        $script:Work = New-WorkFolder
        $script:Image = Join-Path $script:Work 'basic.romfs'
        New-RomfsImage -Path (Join-Path $script:Work 'basic') -NoMpy
        New-Item -ItemType Directory -Path (Join-Path $script:Work 'br[a]cket') | Out-Null
        $script:Bracketed = Join-Path $script:Work 'br[a]cket/app.romfs'
        Copy-Item -LiteralPath $script:Image -Destination $script:Bracketed
    }

    It 'deploys a file piped from Get-Item' {
        $result = Get-Item -LiteralPath $script:Image | Publish-RomfsImage -Device $script:Device -Force -PassThru

        $result.Succeeded | Should -BeTrue
        $result.ImageHash | Should -Be (Get-FileHash -LiteralPath $script:Image -Algorithm SHA256).Hash.ToLowerInvariant()
    }

    It 'reports a missing image once, as PathNotFound naming the path, and touches no board' {
        $missing = Join-Path $script:Work 'nosuch.romfs'
        $errors = Get-CommandErrors { Publish-RomfsImage $missing -Force }

        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $errors[0].ToString() | Should -BeLike "*$missing*"
    }

    It 'reports a wildcard that matches nothing as one path error, not as a port' {
        $errors = Get-CommandErrors { Publish-RomfsImage (Join-Path $script:Work 'nothing-*.romfs') -Force }

        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        $errors[0].ToString() | Should -BeLike '*nothing-`*.romfs*no item matches*'
    }

    It 'takes a bracketed name as written with -LiteralPath' {
        $result = Publish-RomfsImage -LiteralPath $script:Bracketed -Device $script:Device -Force -PassThru

        $result.Succeeded | Should -BeTrue
    }

    It 'reports a wildcard matching several images as one AmbiguousPath error' {
        Copy-Item -LiteralPath $script:Image -Destination (Join-Path $script:Work 'basic2.romfs')
        $errors = Get-CommandErrors { Publish-RomfsImage (Join-Path $script:Work 'basic*.romfs') -Force }

        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'AmbiguousPath,*'
    }

    It 'saves the partition of a piped device, and -PassThru writes the file as Get-Item does' {
        $saved = Join-Path $script:Work 'saved.romfs'

        $item = $script:Device | Save-RomfsPartition $saved -PassThru

        (Get-FileHash -LiteralPath $saved).Hash | Should -Be (Get-FileHash -LiteralPath $script:Image).Hash
        $item.PSPath | Should -BeLike 'Microsoft.PowerShell.Core\FileSystem::*saved.romfs'
        $item.PSProvider.Name | Should -Be 'FileSystem'
        $item.FullName | Should -Be $saved
    }

    It 'runs piped strings as programs, one after another' {
        $lines = 'print(6 * 7)', 'print("two")' | Invoke-MicroPython -Device $script:Device

        $lines | Should -Be @('42', 'two')
    }

    It 'runs a .py file given with -FilePath, and one piped from Get-Item' {
        $script = Join-Path $script:Work 'hello.py'
        Set-Content -LiteralPath $script -Value "def twice(x):`n    return 2 * x`nprint(twice(21))"

        Invoke-MicroPython -FilePath $script -Device $script:Device | Should -Be '42'
        Get-Item -LiteralPath $script | Invoke-MicroPython -Device $script:Device | Should -Be '42'
    }

    It 'reports a -FilePath that does not exist as PathNotFound naming it' {
        $missing = Join-Path $script:Work 'missing.py'

        $failure = { Invoke-MicroPython -FilePath $missing -Device $script:Device -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,*' -PassThru
        $failure.ToString() | Should -BeLike "*$missing*"
    }

    It 'takes arrays of devices on Reset- and Disconnect-MicroPythonDevice -Device, as the other device cmdlets do' {
        $reset = Reset-MicroPythonDevice -Device @($script:Device) -Confirm:$false -PassThru
        $reset.Port | Should -Be $script:Device.Port

        $gone = Disconnect-MicroPythonDevice -Device @($script:Device) -PassThru
        $gone.IsConnected | Should -BeFalse
        $script:Device.IsConnected | Should -BeFalse
    }
}
