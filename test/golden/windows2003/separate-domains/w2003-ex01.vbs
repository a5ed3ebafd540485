Option Explicit
Dim Shell, Fso
Set Shell = CreateObject("WScript.Shell")
Set Fso = CreateObject("Scripting.FileSystemObject")

Sub Fail(message)
  WScript.StdErr.WriteLine "coexist: " & message
  ReleaseLock
  WScript.Quit 1
End Sub

' The lock an exported script takes (TakeLock, in exported scripts only); "" when none is held.
Dim LockPath
LockPath = ""

Sub ReleaseLock()
  Dim taken
  If LockPath = "" Then Exit Sub
  taken = Shell.Environment("PROCESS")("COEXIST_LOCK_TAKEN")
  On Error Resume Next
  If taken <> "" Then Fso.DeleteFile taken
  Fso.DeleteFile LockPath
  On Error GoTo 0
  LockPath = ""
End Sub

' Quoted for CommandLineToArgvW and for cmd.exe, which only redirects: inside quotes & | < > ^ are literal;
' a quote, %, ! or a line break could still act, so such a value is refused, never passed.
Function QuoteArg(s)
  Dim bad, i
  bad = Array(Chr(34), "%", "!", Chr(10), Chr(13))
  For i = 0 To UBound(bad)
    If InStr(s, bad(i)) > 0 Then Fail "refusing to pass a value holding a quote, %, ! or a line break to a program"
  Next
  QuoteArg = Chr(34) & s & Chr(34)
End Function

Function TempPath()
  TempPath = Fso.GetSpecialFolder(2).Path & "\" & Fso.GetTempName()
End Function

Function ReadAndDelete(path)
  ReadAndDelete = ""
  If Fso.FileExists(path) Then
    If Fso.GetFile(path).Size > 0 Then ReadAndDelete = Fso.OpenTextFile(path, 1).ReadAll()
    Fso.DeleteFile path
  End If
End Function

' Runs a program (its path may hold %SystemRoot%) with arguments; its output goes to files read after it
' ends, so no pipe fills up. Returns the output; stops the script on a non-zero exit code.
Function RunProgram(program, args)
  Dim line, i, outPath, errPath, rc, out, errText
  line = Chr(34) & program & Chr(34)
  For i = 0 To UBound(args)
    line = line & " " & QuoteArg(args(i))
  Next
  outPath = TempPath()
  errPath = TempPath()
  rc = Shell.Run("cmd.exe /d /s /c " & Chr(34) & line & " 1>" & QuoteArg(outPath) & " 2>" & QuoteArg(errPath) & Chr(34), 0, True)
  out = ReadAndDelete(outPath)
  errText = ReadAndDelete(errPath)
  If rc <> 0 Then Fail program & " failed with exit code " & rc & ": " & out & errText
  RunProgram = out & errText
End Function

' A secret from the process environment (set by the operator), else asked for without echo.
Function ReadSecret(envName, prompt)
  Dim v
  v = ""
  If envName <> "" Then v = Shell.Environment("PROCESS")(envName)
  If v = "" Then
    WScript.StdOut.Write prompt & ": "
    v = CreateObject("ScriptPW.Password").GetPassword()
    WScript.StdOut.WriteLine ""
  End If
  ReadSecret = v
End Function

' ---- IIS metabase (the POP3 server's SMTP service) ----

' Creates the remote domain if missing, then sets its route action and smart host, and reads them back.
Sub SetRemoteDomain(name, routeAction, routeActionString)
  Dim d, found
  found = True
  On Error Resume Next
  Set d = GetObject("IIS://localhost/SMTPSVC/1/Domain/" & name)
  If Err.Number <> 0 Then found = False
  On Error GoTo 0
  If Not found Then Set d = GetObject("IIS://localhost/SMTPSVC/1/Domain").Create("IIsSmtpDomain", name)
  d.RouteAction = routeAction
  d.RouteActionString = routeActionString
  d.SetInfo
  Set d = GetObject("IIS://localhost/SMTPSVC/1/Domain/" & name)
  If d.RouteAction <> routeAction Or LCase(d.RouteActionString) <> LCase(routeActionString) Then Fail "SMTP remote domain " & name & ": RouteAction " & d.RouteAction & " and smart host " & d.RouteActionString & " were read back after writing"
  WScript.Echo "remote domain " & name & ": RouteAction " & routeAction
End Sub

' ---- Active Directory (ldifde writes, ADSI reads back) ----

Const ADS_PROPERTY_NOT_FOUND = &H8000500D

Function AdsPath(dn)
  AdsPath = "LDAP://" & Replace(dn, "/", "\/")
End Function

' Every value of a multi-valued attribute (an empty array when it has none).
Function AdValues(o, attr)
  Dim v, n, d
  On Error Resume Next
  v = o.GetEx(attr)
  n = Err.Number
  d = Err.Description
  On Error GoTo 0
  If n = ADS_PROPERTY_NOT_FOUND Then
    AdValues = Array()
  ElseIf n <> 0 Then
    Fail "reading " & attr & ": " & d
  Else
    AdValues = v
  End If
End Function

Function HasExact(values, s)
  Dim v
  HasExact = False
  For Each v In values
    If StrComp(v, s, 0) = 0 Then HasExact = True
  Next
End Function

Function HasAnyCase(values, s)
  Dim v
  HasAnyCase = False
  For Each v In values
    If StrComp(v, s, 1) = 0 Then HasAnyCase = True
  Next
End Function

' Writes LDIF text to a temporary file and imports it with ldifde. -k goes on past "already exists",
' "attribute or value exists", "no such object" and "constraint violation" and still exits 0, so the
' caller reads back what should now be there.
Sub ImportLdif(text)
  Dim path, f
  path = TempPath()
  Set f = Fso.CreateTextFile(path, True, False)
  f.Write text
  f.Close
  WScript.Echo RunProgram("ldifde", Array("-i", "-k", "-f", path, "-j", Fso.GetSpecialFolder(2).Path))
  Fso.DeleteFile path
End Sub

' Reads a policy's attribute back: every value of want must be there exactly (case included: SMTP is the
' primary), none of notWanted in any case.
Sub ExpectValues(objectName, dn, attr, want, notWanted, advice)
  Dim o, have, s
  Set o = GetObject(AdsPath(dn))
  have = AdValues(o, attr)
  For Each s In want
    If Not HasExact(have, s) Then Fail objectName & ": " & attr & " does not hold " & s & " after the import. " & advice
  Next
  For Each s In notWanted
    If HasAnyCase(have, s) Then Fail objectName & ": " & attr & " still holds " & s & ". " & advice
  Next
End Sub

Sub ExpectValue(objectName, dn, attr, value)
  Dim o, v
  Set o = GetObject(AdsPath(dn))
  v = AdValues(o, attr)
  If UBound(v) <> 0 Then Fail objectName & ": " & attr & " is not set after the import"
  If CStr(v(0)) <> CStr(value) Then Fail objectName & ": " & attr & " is " & v(0) & " after the import, not " & value
End Sub

' The distinguished name of the one account whose sAMAccountName is sam, searched under base (the
' domain, or options.usersContainer) with ADSI's OLE DB provider. sam is a logon name: letters, digits . _ -
Function UserDn(sam, base)
  Dim conn, rs
  Set conn = CreateObject("ADODB.Connection")
  conn.Provider = "ADsDSOObject"
  conn.Open "Active Directory Provider"
  Set rs = conn.Execute("<" & AdsPath(base) & ">;(&(objectCategory=person)(objectClass=user)(sAMAccountName=" & sam & "));distinguishedName;subtree")
  If rs.EOF Then Fail "no account with sAMAccountName " & sam & " under " & base
  UserDn = rs.Fields("distinguishedName").Value
  rs.MoveNext
  If Not rs.EOF Then Fail "more than one account with sAMAccountName " & sam & " under " & base
  rs.Close
  conn.Close
End Function

' Establish E-mail Address: targetAddress and mailNickname set, the target address added to
' proxyAddresses (as a secondary smtp: when the account already has another primary), then read back.
Sub MailEnableUser(sam, base, target, nickname)
  Dim dn, u, proxies, entry, p
  dn = UserDn(sam, base)
  Set u = GetObject(AdsPath(dn))
  proxies = AdValues(u, "proxyAddresses")
  u.Put "targetAddress", target
  u.Put "mailNickname", nickname
  If Not HasAnyCase(proxies, target) Then
    entry = target
    For Each p In proxies
      If StrComp(Left(p, 5), "SMTP:", 0) = 0 Then entry = "smtp:" & Mid(target, 6)
    Next
    u.PutEx 3, "proxyAddresses", Array(entry)
  End If
  u.SetInfo
  Set u = GetObject(AdsPath(dn))
  If Not HasAnyCase(AdValues(u, "targetAddress"), target) Then Fail "Mail-enabled user " & sam & " (" & dn & "): targetAddress is not " & target & " after writing"
  If Not HasAnyCase(AdValues(u, "mailNickname"), nickname) Then Fail "Mail-enabled user " & sam & " (" & dn & "): mailNickname is not " & nickname & " after writing"
  If Not HasAnyCase(AdValues(u, "proxyAddresses"), target) Then Fail "Mail-enabled user " & sam & " (" & dn & "): proxyAddresses lacks " & target & " after writing"
  WScript.Echo "mail-enabled " & sam & " (" & dn & ")"
End Sub

' The script's last act: tells the launcher that it ran to its end.
Sub Done()
  Dim p
  ReleaseLock
  p = Shell.Environment("PROCESS")("COEXIST_DONE")
  If p <> "" Then Fso.CreateTextFile(p, True).Close
End Sub

' coexist plan for target w2003-ex01 (windows2003, server EX01), organisation Northwind Traders
' 1 change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.
' 5 step(s) of the procedure this script does not do; do them by hand:
' Manual step 1: Create the SMTP connector POP3 Connector to pop.contoso.com
'   1.1 Click Start, point to All Programs, point to Microsoft Exchange, and then click System Manager.
'   1.2 In the console tree, right-click Connectors, point to New, and then click SMTP Connector.
'   1.3 On the General tab, type the name POP3 Connector, click Forward all mail through this connector to the following smart hosts, and type the fully qualified domain name or, in brackets, the IP address of the server the SMTP address space's mail is routed to: [10.0.0.20] (POP01).
'   1.4 Click Add to configure your bridgeheads, and then select your Exchange gateway servers that accept Internet mail for this domain: EX01.
'   1.5 Click the Address Space tab, then Add, SMTP, and OK.
'   1.6 In the E-mail domain box, type the SMTP address space of the POP3 users, pop.contoso.com, and then click OK. On the Address Space tab, the mail domain appears.
'   1.7 Note: Caution: type the specific SMTP mail domain. Never type * (asterisk) on the SMTP connector: it makes Exchange Server accept mail for every external domain and relay it, an open relay anyone on the Internet can use. It is not secure at all.
'   1.8 Because Exchange Server 2003 must also receive messages for this domain, on the Address Space tab, click Allow messages to be relayed to these domains. This setting lets every SMTP virtual server listed under Local bridgeheads accept messages for this domain.
'   1.9 Click OK.
'   1.10 Repeat this procedure on each Exchange server that accepts inbound Internet mail: EX01 (ex01.northwindtraders.com). They receive the POP3 users' mail from the Internet and must route it to the POP3 server.
' Manual step 2: Relay restrictions of Default SMTP Virtual Server on EX01
'   2.1 In System Manager, expand Servers, EX01, Protocols, SMTP; right-click Default SMTP Virtual Server, click Properties.
'   2.2 On the Access tab click Relay; select Only the list below.
'   2.3 The list must hold exactly: Single computer 10.0.0.20 (Add, then Single computer, Group of computers or Domain; Remove any other entry).
'   2.4 Select Allow all computers which successfully authenticate to relay, regardless of the list above; click OK twice.
' Manual step 3: Update the Recipient Update Service
'   3.1 After this script, in System Manager expand Recipients, click Recipient Update Services.
'   3.2 Right-click the Recipient Update Service of the domain that holds the POP3 users, click Update Now (or right-click each recipient policy changed here and click Apply this policy now).
'   3.3 Then check on a POP3 user (Active Directory Users and Computers, E-mail Addresses tab) that the shared-domain address was added.
' Manual step 4: Configure Outlook Express for alice to send through ex01.northwindtraders.com
'   4.1 On the client computer of alice, open Outlook Express.
'   4.2 On the Tools menu, click Accounts.
'   4.3 In Internet Accounts, click the Mail tab, select the mail account alice@pop.contoso.com, and then click Properties.
'   4.4 Click the Servers tab.
'   4.5 Under Server Information, in Outgoing mail (SMTP), type the fully qualified domain name of your Exchange server: ex01.northwindtraders.com.
'   4.6 Check that Incoming mail (POP3) is pop01.contoso.com.
'   4.7 Under Outgoing Mail Server, select My server requires authentication, and then click OK.
' Manual step 5: Configure Outlook Express for carl to send through ex01.northwindtraders.com
'   5.1 On the client computer of carl, open Outlook Express.
'   5.2 On the Tools menu, click Accounts.
'   5.3 In Internet Accounts, click the Mail tab, select the mail account carl@pop.contoso.com, and then click Properties.
'   5.4 Click the Servers tab.
'   5.5 Under Server Information, in Outgoing mail (SMTP), type the fully qualified domain name of your Exchange server: ex01.northwindtraders.com.
'   5.6 Check that Incoming mail (POP3) is pop01.contoso.com.
'   5.7 Under Outgoing Mail Server, select My server requires authentication, and then click OK.

' One coexist script at a time per server: the lock file %ALLUSERSPROFILE%\<name>.lock (every user's and
' session's), made by CreateTextFile with overwrite False, which fails when the file exists: the test and
' the creation are one step. It names its holder; Done and Fail remove it; the .cmd launcher removes it when
' the script stopped on an error while holding it (%COEXIST_LOCK_TAKEN%, in the launcher's own directory,
' exists exactly then); a person removes it when a run was killed (the refusal says which file).
Sub TakeLock(name, server)
  Dim path, f, n, d, holder, taken, env
  Set env = Shell.Environment("PROCESS")
  path = env("ALLUSERSPROFILE")
  If path = "" Then path = Fso.GetSpecialFolder(0).Path & "\Temp"
  path = path & "\" & name & ".lock"
  On Error Resume Next
  Set f = Fso.CreateTextFile(path, False)
  n = Err.Number
  d = Err.Description
  On Error GoTo 0
  If n = 58 Then
    holder = "its holder is not known"
    On Error Resume Next
    Set f = Fso.OpenTextFile(path, 1)
    holder = f.ReadLine
    f.Close
    On Error GoTo 0
    Fail "another coexist script for " & server & " is running on this server (the lock " & path & ": " & holder & "); nothing was changed. Run this script again when it has finished; if none is running (it was stopped), delete " & path
  ElseIf n <> 0 Then
    Fail "cannot create the lock " & path & " (" & d & "); nothing was changed"
  End If
  f.WriteLine WScript.ScriptName & " run by " & env("USERDOMAIN") & "\" & env("USERNAME") & " on " & env("COMPUTERNAME") & " since " & Now
  f.Close
  LockPath = path
  taken = env("COEXIST_LOCK_TAKEN")
  If taken <> "" Then Fso.CreateTextFile(taken, True).Close
End Sub

TakeLock "coexist-windows2003-EX01", "EX01"

' + Recipient policy Default Policy -> SMTP:@northwindtraders.com; not responsible for (none); order 2147483647
ImportLdif "dn: CN=Default Policy,CN=Recipient Policies,CN=Northwind Traders,CN=Microsof" & ChrW(13) & ChrW(10) & " t Exchange,CN=Services,CN=Configuration,DC=northwindtraders,DC=com" & ChrW(13) & ChrW(10) & "changetype: modify" & ChrW(13) & ChrW(10) & "add: gatewayProxy" & ChrW(13) & ChrW(10) & "gatewayProxy: SMTP:@northwindtraders.com" & ChrW(13) & ChrW(10) & "-" & ChrW(13) & ChrW(10) & ChrW(13) & ChrW(10) & "dn: CN=Default Policy,CN=Recipient Policies,CN=Northwind Traders,CN=Microsof" & ChrW(13) & ChrW(10) & " t Exchange,CN=Services,CN=Configuration,DC=northwindtraders,DC=com" & ChrW(13) & ChrW(10) & "changetype: modify" & ChrW(13) & ChrW(10) & "replace: purportedSearch" & ChrW(13) & ChrW(10) & "purportedSearch: (mailnickname=*)" & ChrW(13) & ChrW(10) & "-" & ChrW(13) & ChrW(10)
ExpectValues "Recipient policy Default Policy", "CN=Default Policy,CN=Recipient Policies,CN=Northwind Traders,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=northwindtraders,DC=com", "gatewayProxy", Array("SMTP:@northwindtraders.com"), Array(), "This script did not read the policy before writing (export), so it only adds values: fix it in System Manager (Recipients, Recipient Policies) or run coexist apply, which reads the policy first."
ExpectValues "Recipient policy Default Policy", "CN=Default Policy,CN=Recipient Policies,CN=Northwind Traders,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=northwindtraders,DC=com", "msExchNonAuthoritativeDomains", Array(), Array("SMTP:@northwindtraders.com"), "This script did not read the policy before writing (export), so it only adds values: fix it in System Manager (Recipients, Recipient Policies) or run coexist apply, which reads the policy first."
ExpectValue "Recipient policy Default Policy", "CN=Default Policy,CN=Recipient Policies,CN=Northwind Traders,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=northwindtraders,DC=com", "purportedSearch", "(mailnickname=*)"
WScript.Echo "Recipient policy Default Policy: written and read back"

WScript.Echo "Done. Left to do by hand (see the header of this script): 1. Create the SMTP connector POP3 Connector to pop.contoso.com; 2. Relay restrictions of Default SMTP Virtual Server on EX01; 3. Update the Recipient Update Service; 4. Configure Outlook Express for alice to send through ex01.northwindtraders.com; 5. Configure Outlook Express for carl to send through ex01.northwindtraders.com"

Done
