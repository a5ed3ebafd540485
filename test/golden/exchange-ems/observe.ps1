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
