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

' coexist plan for target w2003-ex01 (windows2003, server EX01), organisation Northwind Traders
' 1 change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.

' + Recipient policy Default Policy -> SMTP:@northwindtraders.com; not responsible for (none); order 2147483647
ImportLdif "dn: CN=Default Policy,CN=Recipient Policies,CN=Northwind Traders,CN=Microsof" & ChrW(13) & ChrW(10) & " t Exchange,CN=Services,CN=Configuration,DC=northwindtraders,DC=com" & ChrW(13) & ChrW(10) & "changetype: modify" & ChrW(13) & ChrW(10) & "replace: gatewayProxy" & ChrW(13) & ChrW(10) & "gatewayProxy: SMTP:@northwindtraders.com" & ChrW(13) & ChrW(10) & "-" & ChrW(13) & ChrW(10) & "replace: msExchNonAuthoritativeDomains" & ChrW(13) & ChrW(10) & "-" & ChrW(13) & ChrW(10) & "replace: purportedSearch" & ChrW(13) & ChrW(10) & "purportedSearch: (mailnickname=*)" & ChrW(13) & ChrW(10) & "-" & ChrW(13) & ChrW(10) & "replace: msExchPolicyOrder" & ChrW(13) & ChrW(10) & "msExchPolicyOrder: 2147483647" & ChrW(13) & ChrW(10) & "-" & ChrW(13) & ChrW(10)
