Option Explicit
Dim Shell, Fso
Set Shell = CreateObject("WScript.Shell")
Set Fso = CreateObject("Scripting.FileSystemObject")

' Runs a program with arguments (each already a VBScript string), echoes its output, stops on failure.
Sub RunProgram(program, args)
  Dim line, i, exec
  line = Chr(34) & program & Chr(34)
  For i = 0 To UBound(args)
    line = line & " " & QuoteArg(args(i))
  Next
  Set exec = Shell.Exec(line)
  Do While exec.Status = 0
    WScript.Sleep 50
  Loop
  WScript.StdOut.Write exec.StdOut.ReadAll()
  WScript.StdErr.Write exec.StdErr.ReadAll()
  If exec.ExitCode <> 0 Then
    WScript.StdErr.WriteLine "coexist: " & program & " failed with exit code " & exec.ExitCode
    WScript.Quit 1
  End If
End Sub

' CommandLineToArgvW quoting: values were checked to hold no quote or line break, so quotes suffice.
Function QuoteArg(s)
  If InStr(s, Chr(34)) > 0 Or InStr(s, Chr(10)) > 0 Or InStr(s, Chr(13)) > 0 Then
    WScript.StdErr.WriteLine "coexist: refusing an argument with a quote or line break"
    WScript.Quit 2
  End If
  QuoteArg = Chr(34) & s & Chr(34)
End Function

' A secret from the process environment (set by the operator), else asked for without echo.
Function ReadSecret(envName, prompt)
  Dim v
  v = ""
  If envName <> "" Then v = Shell.Environment("PROCESS")(envName)
  If v = "" Then
    WScript.StdOut.Write prompt & ": "
    v = CreateObject("ScriptPW.Password").GetPassword()
    WScript.StdOut.WriteLine
  End If
  ReadSecret = v
End Function

Function SmtpDomains()
  Set SmtpDomains = GetObject("IIS://localhost/SMTPSVC/1/Domain")
End Function

' Creates the remote domain if missing, then sets its route action and smart host.
Sub SetRemoteDomain(name, routeAction, routeActionString)
  Dim d
  On Error Resume Next
  Set d = GetObject("IIS://localhost/SMTPSVC/1/Domain/" & name)
  If Err.Number <> 0 Then
    Err.Clear
    On Error GoTo 0
    Set d = SmtpDomains().Create("IIsSmtpDomain", name)
  End If
  On Error GoTo 0
  d.RouteAction = routeAction
  d.RouteActionString = routeActionString
  d.SetInfo
  WScript.Echo "remote domain " & name & ": RouteAction " & routeAction
End Sub

' Writes LDIF text to a temporary file and imports it with ldifde (-k: existing values are not errors).
Sub ImportLdif(text)
  Dim path, f
  path = Shell.ExpandEnvironmentStrings("%TEMP%") & "\coexist-import.ldf"
  Set f = Fso.CreateTextFile(path, True, False)
  f.Write text
  f.Close
  RunProgram "ldifde", Array("-i", "-k", "-f", path)
  Fso.DeleteFile path
End Sub

' coexist plan for target w2003-pop01 (windows2003, server POP01), organisation Northwind Traders
' 5 change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.

' + POP3 domain pop.contoso.com -> winpop add
RunProgram "winpop", Array("add", "pop.contoso.com")

' + POP3 mailbox alice@pop.contoso.com -> linked to the AD account
RunProgram "winpop", Array("add", "alice@pop.contoso.com")

' + POP3 mailbox carl@pop.contoso.com -> linked to the AD account
RunProgram "winpop", Array("add", "carl@pop.contoso.com")

' + SMTP remote domain northwindtraders.com -> RouteAction 4098, smart host [10.0.0.10]
SetRemoteDomain "northwindtraders.com", 4098, "[10.0.0.10]"

' + SMTP virtual server POP01 -> smart host [10.0.0.10], relay only [], authenticated relay on, outbound anonymous, hop count 15
Dim vs, ipsec
Set vs = GetObject("IIS://localhost/SMTPSVC/1")
vs.SmartHost = "[10.0.0.10]"
vs.SmartHostType = 2
vs.HopCount = 15
vs.RelayForAuth = -1
Set ipsec = vs.RelayIpList
ipsec.GrantByDefault = False
ipsec.IPGrant = Array()
vs.RelayIpList = ipsec
vs.RouteAction = (vs.RouteAction And Not 384) Or 0
vs.RouteUserName = ""
vs.SetInfo
WScript.Echo "SMTP virtual server 1 updated"
