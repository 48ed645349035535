<#
.SYNOPSIS
    Builds, tests, documents and packages the MicroPythonRomfs module.

.DESCRIPTION
    The front door for PowerShell users. Needs the .NET SDK named in global.json; runs in
    Windows PowerShell 5.1 and PowerShell 7.4 or later.

    Build    assembles out/MicroPythonRomfs/<version>/: the cmdlet and core assemblies with the
             libraries Windows PowerShell lacks (System.Memory and friends), the manifest, the
             format file and the en-US help built from docs/. Import-Module loads that folder;
             Publish-Module accepts it.
    Test     builds and packages, runs the xunit tests (dotnet test) and the Pester 5 tests in tests/*.Tests.ps1
             against the built module and the board emulator (node; its npm packages are installed
             when missing), through tools/pester/Invoke-PesterSuite.ps1: it uses a Pester 5 on
             PSModulePath, else the pinned Pester NuGet package (tools/pester/restore.csproj), which
             it restores with dotnet when missing. Never the PowerShell Gallery.
    Docs     regenerates the committed en-US/ from the PlatyPS pages in docs/ (a test fails when
             the two differ).
    Package  builds and writes out/MicroPythonRomfs.<version>.nupkg, the package Publish-Module makes.
    Clean    removes out/ and the projects' build output.

.PARAMETER Task
    One or more of Build, Test, Docs, Package, Clean, run in the order given.

.PARAMETER Configuration
    The build configuration: Release (the default) or Debug.

.EXAMPLE
    ./build.ps1
    Import-Module ./out/MicroPythonRomfs

.EXAMPLE
    ./build.ps1 -Task Docs, Test -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Native', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$RepoRoot = $PSScriptRoot
$ModuleName = 'MicroPythonRomfs'
$OutRoot = Join-Path $RepoRoot 'out'
# Get-PowerShellCommand: how to start this same PowerShell in a child process.
. (Join-Path $RepoRoot 'tools/pester/Get-PowerShellCommand.ps1')

function Get-ModuleVersion {
    # Directory.Build.props is the one place the version is written; the manifest mirrors it (a test checks).
    [xml] $props = Get-Content -LiteralPath (Join-Path $RepoRoot 'Directory.Build.props') -Raw
    $node = $props.SelectSingleNode('/Project/PropertyGroup/VersionPrefix')
    if ($null -eq $node -or -not $node.InnerText.Trim()) {
        throw "Directory.Build.props has no VersionPrefix."
    }
    return $node.InnerText.Trim()
}

function Get-ModuleFolder {
    return Join-Path (Join-Path $OutRoot $ModuleName) (Get-ModuleVersion)
}

function Invoke-Dotnet {
    param([Parameter(Mandatory)] [string[]] $Arguments)

    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE."
    }
}

function Invoke-BuildTask {
    $version = Get-ModuleVersion
    $manifestPath = Join-Path $RepoRoot "$ModuleName.psd1"
    $manifestVersion = (Import-PowerShellDataFile -LiteralPath $manifestPath).ModuleVersion
    if ($manifestVersion -ne $version) {
        throw "$ModuleName.psd1 has ModuleVersion $manifestVersion but Directory.Build.props has VersionPrefix $version; make them equal."
    }

    $publish = Join-Path $OutRoot 'publish'
    if (Test-Path -LiteralPath $publish) {
        Remove-Item -LiteralPath $publish -Recurse -Force
    }
    $project = Join-Path $RepoRoot 'src/MicroPythonRomfs.PowerShell/MicroPythonRomfs.PowerShell.csproj'
    Invoke-Dotnet -Arguments @('publish', $project, '--configuration', $Configuration, '--output', $publish, '--nologo')

    # Assemble in a fresh folder beside the target, then swap, so a failed build never leaves half a module.
    $moduleFolder = Get-ModuleFolder
    $staging = "$moduleFolder.staging"
    if (Test-Path -LiteralPath $staging) {
        Remove-Item -LiteralPath $staging -Recurse -Force
    }
    New-Item -ItemType Directory -Path $staging | Out-Null

    # System.Management.Automation comes from the host; PrivateAssets keeps it out of the publish folder.
    Get-ChildItem -LiteralPath $publish -Filter '*.dll' | Where-Object { $_.Name -ne 'System.Management.Automation.dll' } |
        Copy-Item -Destination $staging
    Copy-Item -LiteralPath (Join-Path $publish "$ModuleName.format.ps1xml") -Destination $staging
    Copy-Item -LiteralPath (Join-Path $RepoRoot 'LICENSE') -Destination $staging
    # The repository's manifest names the files under out/publish/; the shipped one names them beside it.
    $manifestText = [System.IO.File]::ReadAllText($manifestPath)
    $shippedText = $manifestText.Replace("'out/publish/", "'")
    if ($shippedText -match "'out/") {
        throw "$ModuleName.psd1 mentions out/publish in a form build.ps1 does not rewrite; name built files as 'out/publish/<file>'."
    }
    [System.IO.File]::WriteAllText((Join-Path $staging "$ModuleName.psd1"), $shippedText, (New-Object System.Text.UTF8Encoding($false)))
    # The help comes straight from docs/, so the module never carries help older than its pages.
    Invoke-HelpBuilder -OutputFolder (Join-Path $staging 'en-US')

    if (Test-Path -LiteralPath $moduleFolder) {
        Remove-Item -LiteralPath $moduleFolder -Recurse -Force
    }
    Move-Item -LiteralPath $staging -Destination $moduleFolder
    Write-Host "Built $moduleFolder" -ForegroundColor Green
}

function Invoke-HelpBuilder {
    param([Parameter(Mandatory)] [string] $OutputFolder)

    $builder = Join-Path $RepoRoot 'tools/MicroPythonRomfs.HelpBuilder/MicroPythonRomfs.HelpBuilder.csproj'
    Invoke-Dotnet -Arguments @('run', '--project', $builder, '--configuration', $Configuration, '--', '--docs', (Join-Path $RepoRoot 'docs'), '--out', $OutputFolder)
}

function Invoke-DocsTask {
    Invoke-HelpBuilder -OutputFolder (Join-Path $RepoRoot 'en-US')
}

function Install-NpmPackages {
    # The board emulator (node) and the MicroPython runner of the compiler tests, from their lock files, when the
    # installed tree is missing or older than the lock file.
    foreach ($folder in 'tests/emulator', 'tests/mpy-runner') {
        $dir = Join-Path $RepoRoot $folder
        $lock = Join-Path $dir 'package-lock.json'
        $installed = Join-Path $dir 'node_modules/.package-lock.json'
        if (-not (Test-Path -LiteralPath $lock)) {
            continue
        }
        if ((Test-Path -LiteralPath $installed) -and (Get-Item -LiteralPath $installed).LastWriteTimeUtc -ge (Get-Item -LiteralPath $lock).LastWriteTimeUtc) {
            continue
        }
        Write-Host "npm ci --prefix $dir" -ForegroundColor Cyan
        & npm ci --prefix $dir --no-audit --no-fund '--loglevel=error'
        if ($LASTEXITCODE -ne 0) {
            throw "npm ci in $dir failed with exit code $LASTEXITCODE."
        }
    }
}

function Invoke-TestTask {
    # Before any test: the xunit and Pester device tests drive the board emulator.
    Install-NpmPackages
    $solution = Join-Path $RepoRoot 'MicroPythonRomfs.sln'
    Invoke-Dotnet -Arguments @('test', $solution, '--configuration', $Configuration, '--nologo')

    $manifest = Join-Path (Get-ModuleFolder) "$ModuleName.psd1"
    $runner = Join-Path $RepoRoot 'tools/pester/Invoke-PesterSuite.ps1'
    # A child process: the tests import the module, and a loaded assembly cannot be replaced by the next build.
    $command = Get-PowerShellCommand
    $hostArguments = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $runner, '-Manifest', $manifest)
    & $command[0] @hostArguments
    if ($LASTEXITCODE -ne 0) {
        throw "The Pester tests failed (exit code $LASTEXITCODE)."
    }
}

function ConvertTo-XmlText {
    param([AllowEmptyString()] [string] $Text)
    return [System.Security.SecurityElement]::Escape($Text)
}

function Invoke-PackageTask {
    $moduleFolder = Get-ModuleFolder
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $moduleFolder "$ModuleName.psd1")
    $version = $manifest.ModuleVersion
    $psData = $manifest.PrivateData.PSData

    # The tags the PowerShell Gallery derives its search from, as Publish-Module writes them.
    $tags = @('PSModule', 'PSIncludes_Cmdlet') + @($psData.Tags)
    foreach ($cmdlet in $manifest.CmdletsToExport) {
        $tags += "PSCmdlet_$cmdlet"
        $tags += "PSCommand_$cmdlet"
    }
    foreach ($edition in $manifest.CompatiblePSEditions) {
        $tags += "PSEdition_$edition"
    }
    $tags = $tags | Select-Object -Unique

    # Only the links the manifest has: an empty projectUrl is not a valid package.
    $optional = ''
    foreach ($link in @(@('projectUrl', 'ProjectUri'), @('releaseNotes', 'ReleaseNotes'))) {
        if ($psData.ContainsKey($link[1]) -and $psData[$link[1]]) {
            $optional += "`n    <$($link[0])>$(ConvertTo-XmlText $psData[$link[1]])</$($link[0])>"
        }
    }

    $nuspec = @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>$ModuleName</id>
    <version>$version</version>
    <authors>$(ConvertTo-XmlText $manifest.Author)</authors>
    <owners>$(ConvertTo-XmlText $manifest.CompanyName)</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <license type="expression">MIT</license>$optional
    <description>$(ConvertTo-XmlText $manifest.Description)</description>
    <copyright>$(ConvertTo-XmlText $manifest.Copyright)</copyright>
    <tags>$(ConvertTo-XmlText ($tags -join ' '))</tags>
  </metadata>
</package>
"@
    $contentTypes = @'
<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="nuspec" ContentType="application/octet" />
  <Default Extension="dll" ContentType="application/octet" />
  <Default Extension="psd1" ContentType="application/octet" />
  <Default Extension="ps1xml" ContentType="application/octet" />
  <Default Extension="xml" ContentType="application/octet" />
  <Default Extension="txt" ContentType="application/octet" />
  <Override PartName="/LICENSE" ContentType="application/octet" />
</Types>
'@

    $package = Join-Path $OutRoot "$ModuleName.$version.nupkg"
    $partial = "$package.partial"
    if (Test-Path -LiteralPath $partial) {
        Remove-Item -LiteralPath $partial -Force
    }

    # ZipArchive directly: Compress-Archive in Windows PowerShell writes '\' into entry names, which breaks the package elsewhere.
    Add-Type -AssemblyName System.IO.Compression
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $stream = [System.IO.File]::Open($partial, [System.IO.FileMode]::CreateNew)
    try {
        $zip = New-Object System.IO.Compression.ZipArchive($stream, [System.IO.Compression.ZipArchiveMode]::Create)
        try {
            $encoding = New-Object System.Text.UTF8Encoding($false)
            foreach ($text in @(@("$ModuleName.nuspec", $nuspec), @('[Content_Types].xml', $contentTypes))) {
                $entry = $zip.CreateEntry($text[0])
                $writer = New-Object System.IO.StreamWriter($entry.Open(), $encoding)
                try { $writer.Write($text[1]) } finally { $writer.Dispose() }
            }

            $prefixLength = $moduleFolder.TrimEnd('\', '/').Length + 1
            foreach ($file in Get-ChildItem -LiteralPath $moduleFolder -File -Recurse | Sort-Object FullName) {
                $name = $file.FullName.Substring($prefixLength).Replace('\', '/')
                [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, $name) | Out-Null
            }
        }
        finally {
            $zip.Dispose()
        }
    }
    finally {
        $stream.Dispose()
    }

    Move-Item -LiteralPath $partial -Destination $package -Force
    Write-Host "Packaged $package" -ForegroundColor Green
}

function Invoke-NativeTask {
    # Native: mpromfs as a NativeAOT executable for this machine in out/native/<rid>, smoke-tested (on Linux and
    # macOS by tools/native/publish.sh: --version, vector builds, a serial pty; on Windows: --version).
    if ($env:OS -ne 'Windows_NT') {
        & bash (Join-Path $RepoRoot 'tools/native/publish.sh')
        if ($LASTEXITCODE -ne 0) { throw "tools/native/publish.sh failed with exit code $LASTEXITCODE." }
        return
    }
    $out = Join-Path $OutRoot 'native/win-x64'
    Invoke-Dotnet -Arguments @('publish', (Join-Path $RepoRoot 'src/MicroPythonRomfs.Cli/MicroPythonRomfs.Cli.csproj'), '--configuration', 'Release', '--runtime', 'win-x64', '--output', $out, '--nologo')
    & (Join-Path $out 'mpromfs.exe') --version
    if ($LASTEXITCODE -ne 0) { throw "The native mpromfs.exe did not run (exit code $LASTEXITCODE)." }
}

function Invoke-CleanTask {
    if (Test-Path -LiteralPath $OutRoot) {
        Remove-Item -LiteralPath $OutRoot -Recurse -Force
    }
    Invoke-Dotnet -Arguments @('clean', (Join-Path $RepoRoot 'MicroPythonRomfs.sln'), '--configuration', $Configuration, '--nologo')
}

Push-Location -LiteralPath $RepoRoot
try {
    foreach ($step in $Task) {
        Write-Host "== $step ($Configuration)" -ForegroundColor Cyan
        switch ($step) {
            'Build' { Invoke-BuildTask }
            # Package too: a Pester test installs the package with Install-PSResource.
            'Test' { Invoke-BuildTask; Invoke-PackageTask; Invoke-TestTask }
            'Docs' { Invoke-DocsTask }
            'Package' { Invoke-BuildTask; Invoke-PackageTask }
            'Native' { Invoke-NativeTask }
            'Clean' { Invoke-CleanTask }
        }
    }
}
finally {
    Pop-Location
}
