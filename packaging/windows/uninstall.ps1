# Remove StreamDesk as install.ps1 put it: the program folder, the Start menu entry, the
# Settings > Apps entry and the .streamdesk file type (only while it still points at
# StreamDesk). Your plans stay.
param([switch]$Quiet)
$ErrorActionPreference = 'Stop'
$target = Join-Path $env:LOCALAPPDATA 'Programs\StreamDesk'
$classes = 'HKCU:\Software\Classes'
Set-Location $env:USERPROFILE  # a folder that is in use (the current one) cannot be removed

$shortcut = Join-Path ([Environment]::GetFolderPath('Programs')) 'StreamDesk.lnk'
if (Test-Path $shortcut) { Remove-Item -Force $shortcut }
$extension = "$classes\.streamdesk"
if (Test-Path $extension) {
    $key = Get-Item $extension
    if ($key.GetValue('') -eq 'StreamDesk.Plan') {
        # the key goes only if StreamDesk's value is all it holds; otherwise just that value
        if ($key.SubKeyCount -eq 0 -and $key.ValueCount -le 1) { Remove-Item -Force $extension }
        else { Remove-ItemProperty -Path $extension -Name '(default)' }
    }
}
$entry = 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\StreamDesk'
if (Test-Path $entry) { Remove-Item -Recurse -Force $entry }
if (Test-Path "$classes\StreamDesk.Plan") { Remove-Item -Recurse -Force "$classes\StreamDesk.Plan" }
if (Test-Path $target) { Remove-Item -Recurse -Force $target }

if (-not $Quiet) { Write-Host 'StreamDesk is removed. Your plans are where they were.' }
