# A fake Exchange organisation behind the stub cmdlets that pwsh-stubs.ts generates from Microsoft's parameter
# table. The stubs bind parameters like the real cmdlets (an unknown parameter fails at binding); this file
# gives them the behaviour a script depends on: Get-* find objects by identity (or write a "couldn't be found"
# error), New-*/Enable-* create them, Set-* change them, Add-ADPermission grants a right. Every call is
# appended to calls.jsonl and the organisation kept in org.json, both in $env:COEXIST_FAKE_DIR, so a run spread
# over several pwsh processes (the apply path: one per change) sees one organisation.
# Rules the real Exchange enforces and a script must respect are enforced here too: one primary SMTP
# template per policy; a policy Exchange 2003 made (RecipientFilterType Legacy) is not changed without
# -ForceUpgrade, and the Default Policy not without a new filter; New-* refuses a name that exists.

function Get-CoexistFakePath([string]$Name) { Join-Path $env:COEXIST_FAKE_DIR $Name }

# The organisation and the calls live in process-wide memory (AppDomain data, shared by the batch's
# runspaces). With $env:COEXIST_FAKE_LAZY = '1' (the batch runner) they reach the files only when the runner
# calls Save-CoexistFake after the job; otherwise (the apply path, one pwsh per change) after every call.
function Get-CoexistFakeState {
  $key = 'coexist-fake:' + $env:COEXIST_FAKE_DIR
  $state = [AppDomain]::CurrentDomain.GetData($key)
  if ($null -ne $state) { return $state }
  $path = Get-CoexistFakePath 'org.json'
  $org = if (Test-Path -LiteralPath $path) { Get-Content -LiteralPath $path -Raw -Encoding utf8 | ConvertFrom-Json -AsHashtable } else { @{} }
  foreach ($noun in 'AcceptedDomain', 'EmailAddressPolicy', 'MailUser', 'SendConnector', 'ReceiveConnector', 'ADPermission') {
    if (-not $org.ContainsKey($noun) -or $null -eq $org[$noun]) { $org[$noun] = @() }
    $org[$noun] = [System.Collections.ArrayList]@($org[$noun])
  }
  $state = @{ org = $org; calls = [System.Collections.ArrayList]::new() }
  [AppDomain]::CurrentDomain.SetData($key, $state)
  $state
}

function Read-CoexistOrg { (Get-CoexistFakeState).org }

function Save-CoexistFake {
  $state = Get-CoexistFakeState
  $utf8 = [Text.UTF8Encoding]::new($false)
  [IO.File]::WriteAllText((Get-CoexistFakePath 'org.json'), ($state.org | ConvertTo-Json -Depth 8), $utf8)
  if ($state.calls.Count -gt 0) { [IO.File]::AppendAllText((Get-CoexistFakePath 'calls.jsonl'), (($state.calls | ForEach-Object { $_ + "`n" }) -join ''), $utf8) }
  $state.calls.Clear()
}

function Save-CoexistOrg($Org) { if ($env:COEXIST_FAKE_LAZY -ne '1') { Save-CoexistFake } }

function ConvertTo-CoexistRecord($Value) {
  if ($null -eq $Value) { return $null }
  if ($Value -is [System.Management.Automation.SwitchParameter]) { return $Value.IsPresent }
  if ($Value -is [System.Management.Automation.ActionPreference]) { return [string]$Value }
  if ($Value -is [string] -or $Value -is [bool] -or $Value -is [int] -or $Value -is [long]) { return $Value }
  if ($Value -is [char]) { return [string]$Value }
  if ($Value -is [System.Collections.IList]) { return , @(@($Value) | ForEach-Object { ConvertTo-CoexistRecord $_ }) }
  if ($Value -is [psobject] -and $Value.PSObject.Properties['CoexistKeys']) { return @{ piped = [string]$Value.Identity } }
  return @{ unexpectedType = $Value.GetType().FullName; text = [string]$Value }
}

function Write-CoexistCall([string]$Cmdlet, $Bound) {
  $params = [ordered]@{}
  foreach ($k in @($Bound.Keys | Sort-Object)) { $params[$k] = ConvertTo-CoexistRecord $Bound[$k] }
  [void](Get-CoexistFakeState).calls.Add(([ordered]@{ cmdlet = $Cmdlet; params = $params } | ConvertTo-Json -Depth 8 -Compress))
  if ($env:COEXIST_FAKE_LAZY -ne '1') { Save-CoexistFake }
}

function Find-CoexistObject($Org, [string]$Noun, $Identity) {
  $id = if ($Identity -is [psobject] -and $Identity.PSObject.Properties['CoexistKeys']) { [string]$Identity.Identity } else { [string]$Identity }
  foreach ($o in $Org[$Noun]) { if (@($o.CoexistKeys) -contains $id) { return $o } }
  $null
}

function ConvertTo-CoexistOutput($Object) {
  $out = [ordered]@{}
  foreach ($k in $Object.Keys) { $out[$k] = $Object[$k] }
  [pscustomobject]$out
}

function Set-CoexistFields($Object, $Bound, [string[]]$Skip) {
  foreach ($k in $Bound.Keys) {
    if ($Skip -contains $k -or $k -in 'ErrorAction', 'WarningAction', 'Confirm', 'WhatIf', 'ForceUpgrade', 'Custom') { continue }
    $v = ConvertTo-CoexistRecord $Bound[$k]
    $Object[$k] = $v
  }
}

function Assert-CoexistTemplates($Policy) {
  $primary = @(@($Policy.EnabledEmailAddressTemplates) | Where-Object { ([string]$_).StartsWith('SMTP:') })
  if ($primary.Count -ne 1) { throw "The email address policy '$($Policy.Name)' must have exactly one primary SMTP template (SMTP:); it has $($primary.Count)." }
}

# With $env:COEXIST_FAKE_GATE set (the lock test), the first cmdlet waits until the file "<gate>.open" exists,
# after writing "<gate>.waiting": the script then holds its lock and has changed nothing yet.
function Wait-CoexistFakeGate {
  $gate = $env:COEXIST_FAKE_GATE
  if (-not $gate -or (Test-Path -LiteralPath ($gate + '.open'))) { return }
  [IO.File]::WriteAllText($gate + '.waiting', [string]$PID)
  $until = [DateTime]::UtcNow.AddSeconds(120)
  while (-not (Test-Path -LiteralPath ($gate + '.open'))) {
    if ([DateTime]::UtcNow -gt $until) { throw 'fake Exchange: the gate was never opened' }
    Start-Sleep -Milliseconds 50
  }
}

function Invoke-CoexistFake([string]$Cmdlet, $Bound) {
  Wait-CoexistFakeGate
  Write-CoexistCall $Cmdlet $Bound
  $verb, $noun = $Cmdlet -split '-', 2
  $org = Read-CoexistOrg
  switch ($verb) {
    'Get' {
      if ($noun -eq 'ADPermission') {
        $dn = if ($Bound['Identity'] -is [psobject] -and $Bound['Identity'].PSObject.Properties['CoexistKeys']) { $Bound['Identity'].DistinguishedName } else { [string]$Bound['Identity'] }
        foreach ($a in $org.ADPermission) { if ($a.Identity -eq $dn -and (-not $Bound.ContainsKey('User') -or $a.User -eq [string]$Bound['User'])) { ConvertTo-CoexistOutput $a } }
        return
      }
      if (-not $Bound.ContainsKey('Identity')) { foreach ($o in $org[$noun]) { ConvertTo-CoexistOutput $o }; return }
      $found = Find-CoexistObject $org $noun $Bound['Identity']
      if ($null -eq $found) { Write-Error "The operation couldn't be performed because object '$($Bound['Identity'])' couldn't be found." -Category ObjectNotFound; return }
      ConvertTo-CoexistOutput $found
      return
    }
    { $_ -in 'New', 'Enable' } {
      $name = if ($verb -eq 'Enable') { [string]$Bound['Identity'] } else { [string]$Bound['Name'] }
      $key = if ($noun -eq 'ReceiveConnector') { [string]$Bound['Server'] + '\' + $name } else { $name }
      if ($null -ne (Find-CoexistObject $org $noun $key)) { throw "$Cmdlet : an object named '$key' already exists." }
      $o = [ordered]@{ Name = $name; Identity = $key; CoexistKeys = @($key, $name) }
      switch ($noun) {
        'AcceptedDomain' { $o.DomainType = 'Authoritative'; $o.Default = $false; $o.CoexistKeys += [string]$Bound['DomainName'] }
        'EmailAddressPolicy' { $o.RecipientFilterType = if ($Bound.ContainsKey('RecipientFilter')) { 'Custom' } else { 'Precanned' }; $o.Priority = '1' }
        'MailUser' { $o.SamAccountName = $name; $o.Alias = $name }
        'ReceiveConnector' { $o.DistinguishedName = "CN=$name,CN=SMTP Receive Connectors,CN=Protocols,CN=$($Bound['Server']),CN=Servers"; $o.PermissionGroups = 'None' }
      }
      Set-CoexistFields $o $Bound @('Identity')
      if ($noun -eq 'EmailAddressPolicy') { Assert-CoexistTemplates $o }
      [void]$org[$noun].Add($o)
      Save-CoexistOrg $org
      return
    }
    'Set' {
      $o = Find-CoexistObject $org $noun $Bound['Identity']
      if ($null -eq $o) { throw "$Cmdlet : the object '$($Bound['Identity'])' couldn't be found." }
      if ($noun -eq 'EmailAddressPolicy' -and $o['RecipientFilterType'] -eq 'Legacy') {
        if (-not $Bound['ForceUpgrade']) { throw "$Cmdlet : '$($o.Name)' was made by an earlier version of Exchange and must be upgraded; confirm with -ForceUpgrade." }
        if (-not $Bound.ContainsKey('IncludedRecipients') -and -not $Bound.ContainsKey('RecipientFilter')) { throw "$Cmdlet : '$($o.Name)' has an LDAP recipient filter; give -IncludedRecipients or -RecipientFilter to upgrade it." }
        $o.RecipientFilterType = if ($Bound.ContainsKey('RecipientFilter')) { 'Custom' } else { 'Precanned' }
      }
      Set-CoexistFields $o $Bound @('Identity')
      if ($noun -eq 'EmailAddressPolicy') { Assert-CoexistTemplates $o }
      Save-CoexistOrg $org
      return
    }
    'Add' {
      $target = $Bound['Identity']
      $dn = if ($target -is [psobject] -and $target.PSObject.Properties['CoexistKeys']) { $target.DistinguishedName } else { [string]$target }
      foreach ($right in @($Bound['ExtendedRights'])) {
        [void]$org.ADPermission.Add([ordered]@{ Identity = $dn; User = [string]$Bound['User']; ExtendedRights = @([string]$right); Deny = $false; IsInherited = $false })
      }
      Save-CoexistOrg $org
      return
    }
    'Update' { return }
  }
  throw "fake Exchange: no behaviour for $Cmdlet"
}

# SecurityIdentifier.Translate is Windows-only; the scripts use it for S-1-5-7 (ANONYMOUS LOGON).
function New-Object {
  param([Parameter(Position = 0)][string]$TypeName, [Parameter(Position = 1)][object[]]$ArgumentList)
  if ($TypeName -eq 'System.Security.Principal.SecurityIdentifier') {
    $sid = [string]$ArgumentList[0]
    $names = @{ 'S-1-5-7' = 'NT AUTHORITY\ANONYMOUS LOGON' }
    if (-not $names.ContainsKey($sid)) { throw "fake Exchange: unknown SID $sid" }
    $o = [pscustomobject]@{ Value = $sid; Name = $names[$sid] }
    $o | Add-Member -MemberType ScriptMethod -Name Translate -Value { param($Type) [pscustomobject]@{ Value = $this.Name } }
    return $o
  }
  Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
}
