# Remove StreamDesk as install.ps1 put it: the program folder, the Start menu entry and the
# .streamdesk file type (only while it still points at StreamDesk). Your plans stay.
param([switch]$Quiet)
$ErrorActionPreference = 'Stop'
$target = Join-Path $env:LOCALAPPDATA 'Programs\StreamDesk'
$classes = 'HKCU:\Software\Classes'

$shortcut = Join-Path ([Environment]::GetFolderPath('Programs')) 'StreamDesk.lnk'
if (Test-Path $shortcut) { Remove-Item -Force $shortcut }
if (Test-Path "$classes\.streamdesk") {
    if ((Get-Item "$classes\.streamdesk").GetValue('') -eq 'StreamDesk.Plan') {
        Remove-Item -Recurse -Force "$classes\.streamdesk"
    }
}
if (Test-Path "$classes\StreamDesk.Plan") { Remove-Item -Recurse -Force "$classes\StreamDesk.Plan" }
if (Test-Path $target) { Remove-Item -Recurse -Force $target }

if (-not $Quiet) { Write-Host 'StreamDesk is removed. Your plans are where they were.' }
