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

Dim path

WScript.Echo "#coexist-section policies"
path = TempPath()
RunProgram "ldifde", Array("-f", path, "-d", "CN=Configuration,DC=northwindtraders,DC=com", "-r", "(objectClass=msExchRecipientPolicy)", "-l", "cn,gatewayProxy,msExchNonAuthoritativeDomains,disabledGatewayProxy,purportedSearch,msExchPolicyOrder", "-j", Fso.GetSpecialFolder(2).Path)
WScript.Echo ReadAndDelete(path)

WScript.Echo "#coexist-section users"
path = TempPath()
RunProgram "ldifde", Array("-f", path, "-d", "DC=northwindtraders,DC=com", "-r", "(&(objectCategory=person)(objectClass=user)(targetAddress=*))", "-l", "sAMAccountName,targetAddress,proxyAddresses,mailNickname", "-j", Fso.GetSpecialFolder(2).Path)
WScript.Echo ReadAndDelete(path)

Done
