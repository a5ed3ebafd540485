// The two fixed PowerShell programs pwsh runs (passed as -Command, never built from data) and the
// header of exported scripts. Data reaches them only as JSON on stdin (reliability.md 5.1).
import { ALLOWED_CMDLETS } from './steps.js';

const CONNECT = `if ($in.connectionUri) {
  $session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri ([string]$in.connectionUri) -Authentication Kerberos
  Import-PSSession $session -DisableNameChecking -AllowClobber | Out-Null
}`;

export const RESOLVE_SID_FUNCTION = `function Resolve-CoexistSid([string]$Sid) {
  # Well-known SIDs resolve to the account name in the server's own language (S-1-5-7 = ANONYMOUS LOGON).
  (New-Object System.Security.Principal.SecurityIdentifier($Sid)).Translate([System.Security.Principal.NTAccount]).Value
}`;

/**
 * The model sets only a policy's SMTP templates: every template of another type the policy holds (the X.400
 * template Exchange 2003 recipients need, X500:, EUM: ...) is kept. Set-EmailAddressPolicy replaces the whole list.
 */
export const JOIN_TEMPLATES_FUNCTION = `function Join-CoexistTemplates([string]$Identity, [string[]]$Smtp) {
  $held = @((Get-EmailAddressPolicy -Identity $Identity).EnabledEmailAddressTemplates | ForEach-Object { [string]$_ })
  ,@(@($Smtp) + @($held | Where-Object { $_ -notmatch '^smtp:' }))
}`;

/** Reads {connectionUri} on stdin and prints the state as JSON. */
export const OBSERVE_SCRIPT = `$ErrorActionPreference = 'Stop'
$in = [Console]::In.ReadToEnd() | ConvertFrom-Json
${CONNECT}
${RESOLVE_SID_FUNCTION}
function S($v) { if ($null -eq $v) { '' } else { [string]$v } }
function A($v) { ,@(@($v) | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_ }) }
$anon = Resolve-CoexistSid 'S-1-5-7'
$state = [ordered]@{
  AcceptedDomains = @(Get-AcceptedDomain | ForEach-Object { [ordered]@{ Name = S $_.Name; DomainName = S $_.DomainName; DomainType = S $_.DomainType; Default = [bool]$_.Default } })
  EmailAddressPolicies = @(Get-EmailAddressPolicy | ForEach-Object { [ordered]@{ Name = S $_.Name; Priority = S $_.Priority; EnabledEmailAddressTemplates = A $_.EnabledEmailAddressTemplates; RecipientFilter = S $_.RecipientFilter; IncludedRecipients = S $_.IncludedRecipients; RecipientFilterType = S $_.RecipientFilterType } })
  MailUsers = @(Get-MailUser -ResultSize Unlimited | ForEach-Object { [ordered]@{ Identity = S $_.Identity; SamAccountName = S $_.SamAccountName; Alias = S $_.Alias; ExternalEmailAddress = S $_.ExternalEmailAddress } })
  SendConnectors = @(Get-SendConnector | ForEach-Object { [ordered]@{ Name = S $_.Name; AddressSpaces = A $_.AddressSpaces; SmartHosts = A $_.SmartHosts; SourceTransportServers = A $_.SourceTransportServers; DNSRoutingEnabled = [bool]$_.DNSRoutingEnabled } })
  ReceiveConnectors = @(Get-ReceiveConnector | ForEach-Object {
    $rc = $_
    $relay = @(Get-ADPermission -Identity $rc.DistinguishedName -User $anon | Where-Object { -not $_.Deny -and -not $_.IsInherited -and (@($_.ExtendedRights | ForEach-Object { [string]$_ }) -contains 'ms-Exch-SMTP-Accept-Any-Recipient') }).Count -gt 0
    [ordered]@{ Identity = S $rc.Identity; Name = S $rc.Name; Server = S $rc.Server; RemoteIPRanges = A $rc.RemoteIPRanges; PermissionGroups = S $rc.PermissionGroups; AnonymousRelay = $relay }
  })
}
$state | ConvertTo-Json -Depth 4
`;

/** Reads {connectionUri, steps} on stdin and runs each step: allow-listed cmdlet, parameters splatted. */
export const APPLY_SCRIPT = `$ErrorActionPreference = 'Stop'
$in = [Console]::In.ReadToEnd() | ConvertFrom-Json
${CONNECT}
${RESOLVE_SID_FUNCTION}
${JOIN_TEMPLATES_FUNCTION}
$allowed = @(${ALLOWED_CMDLETS.map((c) => `'${c}'`).join(', ')})
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
`;
