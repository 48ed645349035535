@{
    # The version lives in Directory.Build.props (VersionPrefix); a test fails when the two differ.
    RootModule           = 'MicroPythonRomfs.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = 'de5d6d4e-40ec-43cb-81ba-2e9d164509da'
    Author               = 'MicroPythonRomfs contributors'
    CompanyName          = 'MicroPythonRomfs contributors'
    Copyright            = '(c) MicroPythonRomfs contributors. Released under the MIT License.'
    Description          = 'Build MicroPython ROMFS images from folders of .py/.mpy files and resources, inspect and extract them, and deploy them to the /rom partition of a board over serial or TCP.'
    PowerShellVersion    = '5.1'
    # netstandard2.0 assemblies need .NET Framework 4.7.2 or later under Windows PowerShell.
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('MicroPythonRomfs.format.ps1xml')
    # Explicit lists: wildcards make PowerShell load the module to discover its commands.
    CmdletsToExport      = @(
        'Expand-RomfsImage'
        'Get-RomfsItem'
        'New-RomfsImage'
        'Connect-MicroPythonDevice'
        'Disconnect-MicroPythonDevice'
        'Get-MicroPythonPort'
        'Invoke-MicroPython'
        'Reset-MicroPythonDevice'
        'Get-RomfsPartition'
        'Publish-RomfsImage'
        'Save-RomfsPartition'
        'Watch-RomfsProject'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('MicroPython', 'ROMFS', 'Embedded', 'ESP32', 'RP2040', 'STM32', 'Firmware', 'SerialPort', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/MicroPythonRomfs/MicroPythonRomfs'
            LicenseUri   = 'https://github.com/MicroPythonRomfs/MicroPythonRomfs/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/MicroPythonRomfs/MicroPythonRomfs/releases'
        }
    }
}
