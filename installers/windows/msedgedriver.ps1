# Puts an msedgedriver.exe that matches this PC's WebView2 runtime on the PATH of the later steps
# of a hosted-CI job (the end-to-end tests drive the app through tauri-driver, which drives
# msedgedriver). A driver of another version than the runtime hangs at the first session, so the
# version is read from the runtime's own registration, not taken from the Edge browser.
#
# Run by .github/workflows/installers.yml only; it is not needed to build or run the app.
$ErrorActionPreference = 'Stop'

# The WebView2 runtime's version, where its installer registers it (per machine, else per user).
$client = 'Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'
$version = $null
foreach ($key in @("HKLM:\SOFTWARE\WOW6432Node\$client", "HKLM:\SOFTWARE\$client", "HKCU:\Software\$client")) {
    $pv = (Get-ItemProperty -Path $key -Name pv -ErrorAction SilentlyContinue).pv
    if ($pv -and $pv -ne '0.0.0.0') { $version = $pv; break }
}
if (-not $version) { throw 'No WebView2 runtime is registered on this machine.' }
Write-Host "WebView2 runtime $version"

$dir = Join-Path $env:RUNNER_TEMP 'msedgedriver'
New-Item -ItemType Directory -Force -Path $dir | Out-Null
$zip = Join-Path $dir 'edgedriver_win64.zip'
$got = $false
foreach ($base in @('https://msedgedriver.microsoft.com', 'https://msedgedriver.azureedge.net')) {
    try {
        Invoke-WebRequest -Uri "$base/$version/edgedriver_win64.zip" -OutFile $zip -UseBasicParsing
        $got = $true
        break
    } catch {
        Write-Host "not from ${base}: $($_.Exception.Message)"
    }
}
if ($got) {
    Expand-Archive -LiteralPath $zip -DestinationPath $dir -Force
} elseif ($env:EDGEWEBDRIVER -and (Test-Path (Join-Path $env:EDGEWEBDRIVER 'msedgedriver.exe'))) {
    # The runner image's own driver, for its Edge: right when the runtime and Edge are the same
    # version, which the check below says.
    Copy-Item (Join-Path $env:EDGEWEBDRIVER 'msedgedriver.exe') $dir
} else {
    throw "No msedgedriver for WebView2 $version."
}

$driver = Join-Path $dir 'msedgedriver.exe'
$driverVersion = (& $driver --version) -replace '^[^0-9]*([0-9.]+).*$', '$1'
Write-Host "msedgedriver $driverVersion"
if ($driverVersion.Split('.')[0] -ne $version.Split('.')[0]) {
    throw "msedgedriver $driverVersion does not match the WebView2 runtime $version."
}
Add-Content -Path $env:GITHUB_PATH -Value $dir
