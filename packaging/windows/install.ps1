# Install StreamDesk for the current user, without administrator rights: the program in
# %LOCALAPPDATA%\Programs\StreamDesk, a Start menu entry, an entry in Settings > Apps, and
# .streamdesk plans opening in StreamDesk on a double-click. Run it from the unzipped folder (right-click, "Run with
# PowerShell"); run it again to update. uninstall.ps1 removes exactly these.
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$source = Join-Path $here 'StreamDesk'
$target = Join-Path $env:LOCALAPPDATA 'Programs\StreamDesk'
$exe = Join-Path $target 'StreamDesk.exe'
$classes = 'HKCU:\Software\Classes'

if (-not (Test-Path (Join-Path $source 'StreamDesk.exe'))) {
    throw "Run install.ps1 from the unzipped StreamDesk folder (no StreamDesk\StreamDesk.exe beside it)"
}
if (Test-Path (Join-Path $target 'uninstall.ps1')) {
    Write-Host 'Removing the StreamDesk installed before ...'
    & (Join-Path $target 'uninstall.ps1') -Quiet
}

New-Item -ItemType Directory -Force -Path $target | Out-Null
Copy-Item -Path (Join-Path $source '*') -Destination $target -Recurse -Force
Copy-Item -Path (Join-Path $here 'uninstall.ps1') -Destination $target -Force

# the .streamdesk file type, for this user only. A key that exists is kept and only its
# default value set: New-Item -Force would recreate it, dropping what others put there.
function Set-DefaultValue([string]$key, [string]$value) {
    if (-not (Test-Path $key)) { New-Item -Path $key -Force | Out-Null }
    Set-ItemProperty -Path $key -Name '(default)' -Value $value
}
Set-DefaultValue "$classes\.streamdesk" 'StreamDesk.Plan'
Set-DefaultValue "$classes\StreamDesk.Plan" 'StreamDesk plan'
Set-DefaultValue "$classes\StreamDesk.Plan\DefaultIcon" "`"$exe`",0"
Set-DefaultValue "$classes\StreamDesk.Plan\shell\open\command" "`"$exe`" `"%1`""

# Settings > Apps lists StreamDesk, and its Uninstall button runs uninstall.ps1
$entry = 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\StreamDesk'
$version = (Get-Content -Path (Join-Path $here 'VERSION') -TotalCount 1).Trim()
New-Item -Path $entry -Force | Out-Null
Set-ItemProperty -Path $entry -Name DisplayName -Value 'StreamDesk'
Set-ItemProperty -Path $entry -Name DisplayVersion -Value $version
Set-ItemProperty -Path $entry -Name Publisher -Value 'StreamDesk'
Set-ItemProperty -Path $entry -Name DisplayIcon -Value "$exe,0"
Set-ItemProperty -Path $entry -Name InstallLocation -Value $target
Set-ItemProperty -Path $entry -Name UninstallString -Value "powershell.exe -NoProfile -ExecutionPolicy Bypass -File `"$target\uninstall.ps1`""
Set-ItemProperty -Path $entry -Name NoModify -Value 1 -Type DWord
Set-ItemProperty -Path $entry -Name NoRepair -Value 1 -Type DWord

# the Start menu entry
$shortcut = Join-Path ([Environment]::GetFolderPath('Programs')) 'StreamDesk.lnk'
$link = (New-Object -ComObject WScript.Shell).CreateShortcut($shortcut)
$link.TargetPath = $exe
$link.WorkingDirectory = [Environment]::GetFolderPath('MyDocuments')
$link.IconLocation = "$exe,0"
$link.Description = 'Plan upstream strategy and downstream content, offline'
$link.Save()

# tell Explorer that file associations changed, so icons and double-clicks follow at once
Add-Type -Namespace StreamDesk -Name Shell -MemberDefinition @'
[System.Runtime.InteropServices.DllImport("shell32.dll")]
public static extern void SHChangeNotify(int eventId, uint flags, System.IntPtr item1, System.IntPtr item2);
'@
[StreamDesk.Shell]::SHChangeNotify(0x08000000, 0, [IntPtr]::Zero, [IntPtr]::Zero)

Write-Host "StreamDesk is installed. Open it from the Start menu or double-click a .streamdesk plan."
Write-Host "To remove it: $target\uninstall.ps1"
