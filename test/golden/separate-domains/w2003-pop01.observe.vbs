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

Sub RunSoft(program, args)
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
End Sub

WScript.Echo "#coexist-section winpop-domains"

RunSoft "winpop", Array("list")

WScript.Echo "#coexist-section winpop-mailboxes pop.contoso.com"

RunSoft "winpop", Array("list", "pop.contoso.com")

WScript.Echo "#coexist-section metabase"
Dim vs, ipsec, d, line
Set vs = GetObject("IIS://localhost/SMTPSVC/1")
Set ipsec = vs.RelayIpList
WScript.Echo "SERVER|SmartHost=" & Escape(vs.SmartHost) & "|SmartHostType=" & vs.SmartHostType & "|RouteAction=" & vs.RouteAction & _
  "|RouteUserName=" & Escape(vs.RouteUserName) & "|RelayForAuth=" & vs.RelayForAuth & "|GrantByDefault=" & ipsec.GrantByDefault & _
  "|IPGrant=" & Escape(Join(ipsec.IPGrant, ";")) & "|IPDeny=" & Escape(Join(ipsec.IPDeny, ";")) & "|HopCount=" & vs.HopCount
For Each d In GetObject("IIS://localhost/SMTPSVC/1/Domain")
  WScript.Echo "DOMAIN|Name=" & Escape(d.Name) & "|RouteAction=" & d.RouteAction & "|RouteActionString=" & Escape(d.RouteActionString)
Next
