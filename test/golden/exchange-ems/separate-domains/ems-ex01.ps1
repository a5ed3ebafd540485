# coexist plan for target ems-ex01 (exchange-ems, server EX01), organisation Northwind Traders
# Written for Exchange Server 2019 (targets.ems-ex01.options.version: 2019, the default); every parameter is one this version has.
# Review, then run in the Exchange Management Shell. Every value is a single-quoted literal; the file is
# plain ASCII (other characters are written as [char] codes) and holds no password.
# Email address policies: only the SMTP templates are set, every other template is kept; -ForceUpgrade
# upgrades a policy Exchange 2003 made (the Default Policy gets -IncludedRecipients AllRecipients).
# 5 change(s).

$ErrorActionPreference = 'Stop'
# One coexist script at a time for EX01 on this computer: the named mutex Global\coexist-exchange-ems-EX01, held until the script ends.
$coexistLock = New-Object System.Threading.Mutex($false, 'Global\coexist-exchange-ems-EX01')
try {
  $coexistLocked = $coexistLock.WaitOne(0)
} catch [System.Threading.AbandonedMutexException] {
  $coexistLocked = $true
  Write-Warning 'coexist: an earlier coexist script for EX01 was stopped before its end (the lock Global\coexist-exchange-ems-EX01 was abandoned); this run makes every change of this script.'
}
if (-not $coexistLocked) {
  $coexistLock.Dispose()
  throw 'coexist: another coexist script for EX01 is running on this computer (it holds the lock Global\coexist-exchange-ems-EX01); nothing was changed. Run this script again when it has finished.'
}
try {
function Resolve-CoexistSid([string]$Sid) {
  # Well-known SIDs resolve to the account name in the server's own language (S-1-5-7 = ANONYMOUS LOGON).
  (New-Object System.Security.Principal.SecurityIdentifier($Sid)).Translate([System.Security.Principal.NTAccount]).Value
}
function Join-CoexistTemplates([string]$Identity, [string[]]$Smtp) {
  $held = @((Get-EmailAddressPolicy -Identity $Identity).EnabledEmailAddressTemplates | ForEach-Object { [string]$_ })
  ,@(@($Smtp) + @($held | Where-Object { $_ -notmatch '^smtp:' }))
}

# + Accepted domain northwindtraders.com -> Authoritative
if (-not (Get-AcceptedDomain -Identity 'northwindtraders.com' -ErrorAction SilentlyContinue)) {
  $p = @{
    Name = 'northwindtraders.com'
    DomainName = 'northwindtraders.com'
    DomainType = 'Authoritative'
  }
  New-AcceptedDomain @p
} else {
  $p = @{
    Identity = 'northwindtraders.com'
    DomainType = 'Authoritative'
  }
  Set-AcceptedDomain @p
}

# + Accepted domain pop.contoso.com -> ExternalRelay
if (-not (Get-AcceptedDomain -Identity 'pop.contoso.com' -ErrorAction SilentlyContinue)) {
  $p = @{
    Name = 'pop.contoso.com'
    DomainName = 'pop.contoso.com'
    DomainType = 'ExternalRelay'
  }
  New-AcceptedDomain @p
} else {
  $p = @{
    Identity = 'pop.contoso.com'
    DomainType = 'ExternalRelay'
  }
  Set-AcceptedDomain @p
}

# + Send connector POP3 Connector -> SMTP:pop.contoso.com;1 via 10.0.0.20 from EX01
if (-not (Get-SendConnector -Identity 'POP3 Connector' -ErrorAction SilentlyContinue)) {
  $p = @{
    Name = 'POP3 Connector'
    Usage = 'Custom'
    AddressSpaces = @('SMTP:pop.contoso.com;1')
    DNSRoutingEnabled = $false
    SourceTransportServers = @('EX01')
    IsScopedConnector = $false
    SmartHosts = @('10.0.0.20')
  }
  New-SendConnector @p
} else {
  $p = @{
    Identity = 'POP3 Connector'
    AddressSpaces = @('SMTP:pop.contoso.com;1')
    DNSRoutingEnabled = $false
    SourceTransportServers = @('EX01')
    SmartHosts = @('10.0.0.20')
  }
  Set-SendConnector @p
}

# + Receive connector EX01\Relay (Default SMTP Virtual Server) -> anonymous relay from 10.0.0.20
if (-not (Get-ReceiveConnector -Identity 'EX01\Relay (Default SMTP Virtual Server)' -ErrorAction SilentlyContinue)) {
  $p = @{
    Name = 'Relay (Default SMTP Virtual Server)'
    Server = 'EX01'
    Custom = $true
    Bindings = @('0.0.0.0:25')
    RemoteIPRanges = @('10.0.0.20')
    PermissionGroups = 'AnonymousUsers'
    TransportRole = 'FrontendTransport'
  }
  New-ReceiveConnector @p
} else {
  $p = @{
    Identity = 'EX01\Relay (Default SMTP Virtual Server)'
    RemoteIPRanges = @('10.0.0.20')
    PermissionGroups = 'AnonymousUsers'
  }
  Set-ReceiveConnector @p
}
$p = @{
  User = (Resolve-CoexistSid 'S-1-5-7')
  ExtendedRights = 'ms-Exch-SMTP-Accept-Any-Recipient'
}
Get-ReceiveConnector -Identity 'EX01\Relay (Default SMTP Virtual Server)' | Add-ADPermission @p

# + Email address policy Default Policy -> SMTP:@northwindtraders.com (priority lowest)
$p = @{
  Identity = 'Default Policy'
  EnabledEmailAddressTemplates = @('SMTP:@northwindtraders.com')
  IncludedRecipients = 'AllRecipients'
  ForceUpgrade = $true
}
$p.EnabledEmailAddressTemplates = Join-CoexistTemplates $p.Identity $p.EnabledEmailAddressTemplates
Set-EmailAddressPolicy @p
$p = @{
  Identity = 'Default Policy'
}
Update-EmailAddressPolicy @p

} finally {
  $coexistLock.ReleaseMutex()
  $coexistLock.Dispose()
}
