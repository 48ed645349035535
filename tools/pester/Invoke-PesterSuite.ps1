<#
.SYNOPSIS
    Runs the Pester tests in tests/*.Tests.ps1 against a built module; the one runner of test.sh and build.ps1.

.DESCRIPTION
    Finds Pester 5 without the PowerShell Gallery: a Pester 5 on PSModulePath, else the pinned NuGet package
    (tools/pester/restore.csproj) in the NuGet package folder, restoring it with `dotnet restore` when it is
    missing. Prints Pester's summary and a last line "pester: N passed, N failed, N skipped", writes NUnit XML
    results, and exits with 0 only when every test passed.

.PARAMETER Manifest
    The built module's manifest (out/MicroPythonRomfs/<version>/MicroPythonRomfs.psd1); the tests import it.

.PARAMETER Path
    Test files or folders; the repository's tests folder when omitted.

.PARAMETER ResultPath
    Where the NUnit XML results go; tests/TestResults/pester.xml when omitted.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $Manifest,

    [string[]] $Path,

    [string] $ResultPath
)

# No Set-StrictMode: it would reach the tests (Pester expands '<name>' in test names as variables), and the
# tests run the module as users do.
$ErrorActionPreference = 'Stop'

$repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$restoreProject = Join-Path $PSScriptRoot 'restore.csproj'

function Get-PinnedPesterVersion {
    [xml] $project = Get-Content -LiteralPath $restoreProject -Raw
    $download = $project.SelectSingleNode("/Project/ItemGroup/PackageDownload[@Include='Pester']")
    # PackageDownload takes an exact version as [x.y.z].
    return $download.GetAttribute('Version').Trim('[', ']', ' ')
}

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) {
        return $env:NUGET_PACKAGES
    }
    $userHome = if ($env:USERPROFILE) { $env:USERPROFILE } else { $env:HOME }
    return Join-Path (Join-Path $userHome '.nuget') 'packages'
}

function Find-PesterManifest {
    # A Pester 5 the user installed wins: it is what `Import-Module Pester` gives them too.
    $installed = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -ge [version]'5.5.0' -and $_.Version.Major -eq 5 } |
        Sort-Object Version -Descending | Select-Object -First 1
    if ($installed) {
        return $installed.Path
    }

    $version = Get-PinnedPesterVersion
    $fromNuGet = Join-Path (Get-NuGetPackagesFolder) "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $fromNuGet)) {
        Write-Host "Pester $version is not installed; restoring it from NuGet (dotnet restore $restoreProject)." -ForegroundColor Yellow
        & dotnet restore $restoreProject --nologo --verbosity quiet
        if ($LASTEXITCODE -ne 0) {
            throw "dotnet restore of $restoreProject failed with exit code $LASTEXITCODE; Pester $version could not be installed from NuGet."
        }
        if (-not (Test-Path -LiteralPath $fromNuGet)) {
            throw "dotnet restore of $restoreProject did not produce $fromNuGet."
        }
    }
    return $fromNuGet
}

if (-not (Test-Path -LiteralPath $Manifest)) {
    throw "The module manifest $Manifest does not exist; run ./build.ps1 -Task Build first."
}
if (-not $Path) {
    $Path = @(Join-Path $repoRoot 'tests')
}
# pwsh -File passes "a,b" as one string.
$Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
if (-not $ResultPath) {
    $ResultPath = Join-Path $repoRoot 'tests/TestResults/pester.xml'
}

$pester = Find-PesterManifest
Import-Module -Name $pester -Force
Write-Host "Pester $((Get-Module -Name Pester).Version) from $pester" -ForegroundColor Cyan

# The tests import the module from here (tests/PesterSupport.ps1).
$env:MPROMFS_MODULE_MANIFEST = (Resolve-Path -LiteralPath $Manifest).ProviderPath

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
$result = Invoke-Pester -Configuration $configuration
if ($null -eq $result) {
    Write-Host 'pester: 0 passed, 1 failed, 0 skipped (Invoke-Pester returned no result)'
    exit 1
}

$notRun = $result.NotRunCount + $result.InconclusiveCount
Write-Host ("pester: {0} passed, {1} failed, {2} skipped" -f $result.PassedCount, ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount), ($result.SkippedCount + $notRun))
if ($result.Result -ne 'Passed') {
    exit 1
}
exit 0
