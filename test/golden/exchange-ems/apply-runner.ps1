$ErrorActionPreference = 'Stop'
$in = [Console]::In.ReadToEnd() | ConvertFrom-Json
if ($in.connectionUri) {
  $session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri ([string]$in.connectionUri) -Authentication Kerberos
  Import-PSSession $session -DisableNameChecking -AllowClobber | Out-Null
}
function Resolve-CoexistSid([string]$Sid) {
  # Well-known SIDs resolve to the account name in the server's own language (S-1-5-7 = ANONYMOUS LOGON).
  (New-Object System.Security.Principal.SecurityIdentifier($Sid)).Translate([System.Security.Principal.NTAccount]).Value
}
function Join-CoexistTemplates([string]$Identity, [string[]]$Smtp) {
  $held = @((Get-EmailAddressPolicy -Identity $Identity).EnabledEmailAddressTemplates | ForEach-Object { [string]$_ })
  ,@(@($Smtp) + @($held | Where-Object { $_ -notmatch '^smtp:' }))
}
$allowed = @('New-AcceptedDomain', 'Set-AcceptedDomain', 'New-EmailAddressPolicy', 'Set-EmailAddressPolicy', 'Update-EmailAddressPolicy', 'Enable-MailUser', 'Set-MailUser', 'New-SendConnector', 'Set-SendConnector', 'New-ReceiveConnector', 'Set-ReceiveConnector', 'Add-ADPermission', 'Get-AcceptedDomain', 'Get-EmailAddressPolicy', 'Get-MailUser', 'Get-SendConnector', 'Get-ReceiveConnector')
function Assert-CoexistCmdlet([string]$Name) { if ($allowed -cnotcontains $Name) { throw ('coexist: cmdlet not allowed: ' + $Name) } }
function ConvertTo-CoexistParams($Object) {
  $h = @{}
  if ($null -eq $Object) { return $h }
  foreach ($prop in $Object.PSObject.Properties) {
    $v = $prop.Value
    if ($v -is [System.Management.Automation.PSCustomObject] -and $v.PSObject.Properties['sid']) { $v = Resolve-CoexistSid ([string]$v.sid) }
    $h[$prop.Name] = $v
  }
  $h
}
function Invoke-CoexistStep($Step) {
  Assert-CoexistCmdlet $Step.cmdlet
  $p = ConvertTo-CoexistParams $Step.params
  if ($Step.keepOtherTemplates) { $p.EnabledEmailAddressTemplates = Join-CoexistTemplates $p.Identity $p.EnabledEmailAddressTemplates }
  if ($Step.ifMissing) {
    Assert-CoexistCmdlet $Step.ifMissing.get
    $found = & $Step.ifMissing.get -Identity ([string]$Step.ifMissing.identity) -ErrorAction SilentlyContinue
    if ($found) {
      if ($Step.ifMissing.otherwise) { Invoke-CoexistStep $Step.ifMissing.otherwise }
      return
    }
  }
  if ($Step.pipeFrom) {
    Assert-CoexistCmdlet $Step.pipeFrom.get
    & $Step.pipeFrom.get -Identity ([string]$Step.pipeFrom.identity) | & $Step.cmdlet @p | Out-Null
  } else {
    & $Step.cmdlet @p | Out-Null
  }
}
foreach ($step in @($in.steps)) {
  Write-Output ('coexist: ' + $step.cmdlet)
  Invoke-CoexistStep $step
}
