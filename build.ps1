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
    Test     builds, runs the xunit tests (dotnet test) and the Pester 5 tests in tests/*.Tests.ps1
             against the built module and the board emulator (node; its npm packages are installed
             when missing). Pester 5 is installed from the PowerShell Gallery for the current user
             only when no Pester 5 is present.
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
$PesterMinimumVersion = [version]'5.5.0'

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
    Copy-Item -LiteralPath $manifestPath -Destination $staging
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

function Install-PesterIfMissing {
    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge $PesterMinimumVersion } | Select-Object -First 1
    if ($pester) {
        return
    }

    Write-Host "Pester $PesterMinimumVersion or later is not installed; installing it for the current user from the PowerShell Gallery." -ForegroundColor Yellow
    # Windows PowerShell ships Pester 3 signed by another publisher, hence -SkipPublisherCheck.
    Install-Module -Name Pester -MinimumVersion $PesterMinimumVersion -Scope CurrentUser -Force -SkipPublisherCheck -AllowClobber
}

function Invoke-TestTask {
    $solution = Join-Path $RepoRoot 'MicroPythonRomfs.sln'
    Invoke-Dotnet -Arguments @('test', $solution, '--configuration', $Configuration, '--nologo')

    Install-PesterIfMissing
    # The device tests drive the board emulator, a node program with npm dependencies.
    $emulator = Join-Path $RepoRoot 'tests/emulator'
    if ((Test-Path -LiteralPath (Join-Path $emulator 'package-lock.json')) -and -not (Test-Path -LiteralPath (Join-Path $emulator 'node_modules'))) {
        Write-Host "npm ci --prefix $emulator" -ForegroundColor Cyan
        & npm ci --prefix $emulator
        if ($LASTEXITCODE -ne 0) {
            throw "npm ci for the board emulator failed with exit code $LASTEXITCODE."
        }
    }

    $manifest = Join-Path (Get-ModuleFolder) "$ModuleName.psd1"
    $testsFolder = Join-Path $RepoRoot 'tests'
    # A child process: the tests import the module, and a loaded assembly cannot be replaced by the next build.
    $hostPath = (Get-Process -Id $PID).Path
    & $hostPath -NoProfile -NonInteractive -Command {
        param($Manifest, $TestsFolder, $MinimumVersion)
        $ErrorActionPreference = 'Stop'
        Import-Module -Name Pester -MinimumVersion $MinimumVersion
        $env:MPROMFS_MODULE_MANIFEST = $Manifest
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $TestsFolder
        $configuration.Run.Exit = $true
        $configuration.Output.Verbosity = 'Detailed'
        $configuration.TestResult.Enabled = $true
        $configuration.TestResult.OutputPath = Join-Path $TestsFolder 'TestResults/pester.xml'
        Invoke-Pester -Configuration $configuration
    } -args $manifest, $testsFolder, $PesterMinimumVersion.ToString()
    if ($LASTEXITCODE -ne 0) {
        throw "Pester reported $LASTEXITCODE failure(s)."
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

    $nuspec = @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>$ModuleName</id>
    <version>$version</version>
    <authors>$(ConvertTo-XmlText $manifest.Author)</authors>
    <owners>$(ConvertTo-XmlText $manifest.CompanyName)</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <licenseUrl>$(ConvertTo-XmlText $psData.LicenseUri)</licenseUrl>
    <projectUrl>$(ConvertTo-XmlText $psData.ProjectUri)</projectUrl>
    <description>$(ConvertTo-XmlText $manifest.Description)</description>
    <releaseNotes>$(ConvertTo-XmlText $psData.ReleaseNotes)</releaseNotes>
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
            'Test' { Invoke-BuildTask; Invoke-TestTask }
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
