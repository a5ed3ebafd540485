# Runs many jobs in one pwsh process (pwsh takes seconds to start): each job in a fresh runspace.
#   jobs.json: [{ "kind": "run", "dir": ..., "stubs": ..., "script": ... }   run a script file against stubs
#              { "kind": "ast", "file": ..., "out": ... }]                   the two readings' command lists
# A run job leaves calls.jsonl and org.json (the stubs) and error.txt (what stopped the script) in its dir.
param([string]$JobsFile)
$ErrorActionPreference = 'Stop'
$jobs = Get-Content -LiteralPath $JobsFile -Raw -Encoding utf8 | ConvertFrom-Json
$utf8 = [Text.UTF8Encoding]::new($false)
. (Join-Path $PSScriptRoot 'pwsh-ast.ps1')
. (Join-Path $PSScriptRoot 'pwsh-fake-exchange.ps1')

foreach ($job in $jobs) {
  if ($job.kind -eq 'ast') {
    $bytes = [IO.File]::ReadAllBytes($job.file)
    $result = [ordered]@{
      utf8 = Get-CoexistAstSummary ([Text.UTF8Encoding]::new($false, $true).GetString($bytes))
      ansi = Get-CoexistAstSummary ([Text.Encoding]::GetEncoding(1252).GetString($bytes))
    }
    [IO.File]::WriteAllText($job.out, ($result | ConvertTo-Json -Depth 12 -Compress), $utf8)
    continue
  }
  $env:COEXIST_FAKE_DIR = $job.dir
  $env:COEXIST_FAKE_LAZY = '1'
  # An exported script refuses, changing nothing, while another process runs a script for the same server
  # (its named lock): another test run on this machine may be doing just that, so such a job is run again.
  for ($attempt = 1; ; $attempt++) {
    $message = $null
    $ps = [powershell]::Create()
    try {
      [void]$ps.AddScript('param($Stubs, $Script) . $Stubs; & $Script').AddArgument($job.stubs).AddArgument($job.script)
      [void]$ps.Invoke()
      $errors = @($ps.Streams.Error | ForEach-Object { $_.ToString() })
      if ($errors.Count -gt 0) { $message = $errors -join "`n" }
    } catch {
      $e = $_.Exception
      while ($e.InnerException) { $e = $e.InnerException }
      $message = $e.Message
    } finally {
      $ps.Dispose()
      Save-CoexistFake
      [AppDomain]::CurrentDomain.SetData('coexist-fake:' + $job.dir, $null)
    }
    if ($message -match '^coexist: another coexist script for .* is running on this computer' -and $attempt -lt 300) { Start-Sleep -Milliseconds 200; continue }
    if ($null -ne $message) { [IO.File]::WriteAllText((Join-Path $job.dir 'error.txt'), $message, $utf8) }
    break
  }
}
