// The VBScript shim the Wine tests insert after Option Explicit. Wine 8's script host lacks ChrW, Join,
// WScript.StdOut/StdErr, GetObject("IIS://…"/"LDAP://…") and ADSI's OLE DB provider; the shim defines
// them as stand-ins that record every call and every property written (to calls.txt in the work dir,
// UTF-16: records split by U+001E, fields by U+001F) and keep a small directory and metabase in memory,
// loaded from state.txt: lines "AD<TAB>dn<TAB>attribute<TAB>value", "SAM<TAB>sAMAccountName<TAB>dn",
// "IIS<TAB>property<TAB>value". Test code only: it never reaches an exported script.

const IIS_PROPS = ['SmartHost', 'SmartHostType', 'HopCount', 'RelayForAuth', 'RouteAction', 'RouteUserName', 'RoutePassword', 'AuthFlags'];
const NUMERIC = new Set(['SmartHostType', 'HopCount', 'RelayForAuth', 'RouteAction', 'AuthFlags']);

function property(name: string, record: string): string {
  return `  Private p${name}
  Public Property Get ${name}()
    ${name} = p${name}
  End Property
  Public Property Let ${name}(v)
    p${name} = v
    ShimRecord Array(${record}, "${name}", ShimText(v))
  End Property`;
}

export function wineShim(workDir: string): string {
  if (!/^C:\\[A-Za-z0-9_-]+$/.test(workDir)) throw new Error(`unexpected work dir ${workDir}`);
  return `' ---- coexist Wine test shim (not part of the exported script) ----
Dim ShimFso, ShimDir, ShimChars, ShimStdOut, ShimStdErr, ShimAd, ShimSam, ShimIis, ShimDomains
Set ShimFso = WScript.CreateObject("Scripting.FileSystemObject")
ShimDir = "${workDir}"
ShimChars = ShimFso.OpenTextFile("C:\\coexist-chrw.bin", 1, False, -1).ReadAll()

Function ChrW(n)
  ChrW = Mid(ShimChars, n, 1)
End Function

Function Join(a, sep)
  Dim i, s
  s = ""
  For i = 0 To UBound(a)
    If i > 0 Then s = s & sep
    s = s & a(i)
  Next
  Join = s
End Function

Function ShimText(v)
  If IsArray(v) Then
    ShimText = "[" & Join(v, Chr(9)) & "]"
  Else
    ShimText = CStr(v)
  End If
End Function

Sub ShimRecord(fields)
  Dim f
  Set f = ShimFso.OpenTextFile(ShimDir & "\\calls.txt", 8, True, -1)
  f.Write Join(fields, Chr(31)) & Chr(30)
  f.Close
End Sub

Class ShimStream
  Public Name
  Public Sub Write(s)
    ShimRecord Array(Name, s)
  End Sub
  Public Sub WriteLine(s)
    ShimRecord Array(Name, s)
  End Sub
End Class

' ---- IIS metabase ----
Class ShimIpSecurity
${['GrantByDefault', 'IPGrant', 'IPDeny'].map((p) => property(p, '"iis-ipsecurity"')).join('\n')}
  Private Sub Class_Initialize()
    pGrantByDefault = False
    pIPGrant = Array()
    pIPDeny = Array()
  End Sub
  Public Default Property Get Snapshot()
    Snapshot = "GrantByDefault=" & pGrantByDefault & ";IPGrant=" & ShimText(pIPGrant) & ";IPDeny=" & ShimText(pIPDeny)
  End Property
End Class

Class ShimIisServer
${IIS_PROPS.map((p) => property(p, '"iis-server"')).join('\n')}
  Private pRelay
  Public Property Get RelayIpList()
    Set RelayIpList = pRelay
  End Property
  Public Property Let RelayIpList(v)
    ShimRecord Array("iis-server", "RelayIpList", v)
  End Property
  Public Sub Init(name, v)
${IIS_PROPS.map((p) => `    If name = "${p}" Then p${p} = ${NUMERIC.has(p) ? 'CLng(v)' : 'v'}`).join('\n')}
  End Sub
  Public Sub SetInfo()
    ShimRecord Array("iis-server", "SetInfo")
  End Sub
  Private Sub Class_Initialize()
    Set pRelay = New ShimIpSecurity
  End Sub
End Class

Class ShimIisDomain
  Public Name
  Private pRouteAction
  Private pRouteActionString
  Public Property Get RouteAction()
    RouteAction = pRouteAction
  End Property
  Public Property Let RouteAction(v)
    pRouteAction = v
    ShimRecord Array("iis-domain", Name, "RouteAction", CStr(v))
  End Property
  Public Property Get RouteActionString()
    RouteActionString = pRouteActionString
  End Property
  Public Property Let RouteActionString(v)
    pRouteActionString = v
    ShimRecord Array("iis-domain", Name, "RouteActionString", v)
  End Property
  Public Sub SetInfo()
    ShimRecord Array("iis-domain", Name, "SetInfo")
  End Sub
End Class

Class ShimIisDomains
  Private d
  Private Sub Class_Initialize()
    Set d = WScript.CreateObject("Scripting.Dictionary")
  End Sub
  Public Function Create(cls, name)
    Dim o
    ShimRecord Array("iis-create", cls, name)
    Set o = New ShimIisDomain
    o.Name = name
    d.Add LCase(name), o
    Set Create = o
  End Function
  Public Function Find(name)
    If Not d.Exists(LCase(name)) Then Err.Raise &H80070003, "shim", "The system cannot find the path specified."
    Set Find = d(LCase(name))
  End Function
End Class

' ---- Active Directory (ADSI LDAP objects, ADO search) ----
' (Wine 8's ReDim crashes: each attribute's values are a Dictionary, index -> value.)
Sub ShimAdd(dn, attr, value)
  Dim o, vs
  If Not ShimAd.Exists(LCase(dn)) Then ShimAd.Add LCase(dn), WScript.CreateObject("Scripting.Dictionary")
  Set o = ShimAd(LCase(dn))
  If Not o.Exists(LCase(attr)) Then o.Add LCase(attr), WScript.CreateObject("Scripting.Dictionary")
  Set vs = o(LCase(attr))
  vs.Add vs.Count, value
End Sub

Class ShimAdObject
  Public Dn
  Private pending
  Private Sub Class_Initialize()
    Set pending = WScript.CreateObject("Scripting.Dictionary")
  End Sub
  Public Function GetEx(attr)
    Dim o
    Set o = ShimAd(LCase(Dn))
    If Not o.Exists(LCase(attr)) Then Err.Raise &H8000500D, "shim", "The directory property cannot be found in the cache."
    GetEx = o(LCase(attr)).Items
  End Function
  Public Sub Put(attr, v)
    ShimRecord Array("ldap-put", Dn, attr, v)
    pending.Add pending.Count, Array("put", attr, v)
  End Sub
  Public Sub PutEx(op, attr, values)
    ShimRecord Array("ldap-putex", Dn, CStr(op), attr, ShimText(values))
    pending.Add pending.Count, Array("putex", attr, values)
  End Sub
  Public Sub SetInfo()
    Dim k, op, o, v
    ShimRecord Array("ldap-setinfo", Dn)
    Set o = ShimAd(LCase(Dn))
    For Each k In pending.Keys
      op = pending(k)
      If op(0) = "put" Then
        If o.Exists(LCase(op(1))) Then o.Remove LCase(op(1))
        ShimAdd Dn, op(1), op(2)
      Else
        For Each v In op(2)
          ShimAdd Dn, op(1), v
        Next
      End If
    Next
    pending.RemoveAll
  End Sub
End Class

Class ShimField
  Public Value
End Class

Class ShimRecordset
  Public Dn
  Private pos
  Public Property Get EOF()
    EOF = (Dn = "" Or pos > 0)
  End Property
  Public Function Fields(name)
    Dim f
    Set f = New ShimField
    f.Value = Dn
    Set Fields = f
  End Function
  Public Sub MoveNext()
    pos = pos + 1
  End Sub
  Public Sub Close()
  End Sub
  Private Sub Class_Initialize()
    pos = 0
    Dn = ""
  End Sub
End Class

Class ShimConnection
  Public Provider
  Public Sub Open(s)
    ShimRecord Array("ado-open", Provider, s)
  End Sub
  Public Function Execute(q)
    Dim rs, p, sam, base, dn
    ShimRecord Array("ado-execute", q)
    Set rs = New ShimRecordset
    p = InStr(q, "(sAMAccountName=")
    sam = Mid(q, p + 16, InStr(p, q, ")") - p - 16)
    base = Replace(Mid(q, 9, InStr(q, ">;") - 9), "\\/", "/")
    If ShimSam.Exists(LCase(sam)) Then
      dn = ShimSam(LCase(sam))
      If StrComp(Right(dn, Len(base)), base, 1) = 0 Then rs.Dn = dn
    End If
    Set Execute = rs
  End Function
  Public Sub Close()
  End Sub
End Class

' With %COEXIST_SHIM_GATE% set (the lock test), the first GetObject waits until "<gate>.open" exists, after
' creating "<gate>.waiting": the script then holds its lock, part way through its changes.
' Wine 8 has no WScript.Sleep: ping's second echo request comes a second after the first.
Sub ShimGate()
  Dim sh, gate, t
  Set sh = WScript.CreateObject("WScript.Shell")
  gate = sh.Environment("PROCESS")("COEXIST_SHIM_GATE")
  If gate = "" Then Exit Sub
  If ShimFso.FileExists(gate & ".open") Then Exit Sub
  ShimFso.CreateTextFile(gate & ".waiting", True).Close
  t = 0
  Do While Not ShimFso.FileExists(gate & ".open") And t < 120
    sh.Run "ping.exe -n 2 127.0.0.1", 0, True
    t = t + 1
  Loop
End Sub

Function GetObject(path)
  Dim o
  ShimGate
  ShimRecord Array("getobject", path)
  If Left(path, 7) = "LDAP://" Then
    Set o = New ShimAdObject
    o.Dn = Replace(Mid(path, 8), "\\/", "/")
    If Not ShimAd.Exists(LCase(o.Dn)) Then Err.Raise &H80072030, "shim", "There is no such object on the server."
    Set GetObject = o
  ElseIf path = "IIS://localhost/SMTPSVC/1" Then
    Set GetObject = ShimIis
  ElseIf path = "IIS://localhost/SMTPSVC/1/Domain" Then
    Set GetObject = ShimDomains
  ElseIf Left(path, 33) = "IIS://localhost/SMTPSVC/1/Domain/" Then
    Set GetObject = ShimDomains.Find(Mid(path, 34))
  Else
    Err.Raise 424, "shim", "no stand-in for " & path
  End If
End Function

Function CreateObject(progId)
  ShimRecord Array("createobject", progId)
  If LCase(progId) = "adodb.connection" Then
    Set CreateObject = New ShimConnection
  Else
    Set CreateObject = WScript.CreateObject(progId)
  End If
End Function

Sub ShimLoad()
  Dim text, p, line, a, b, c, kind
  If Not ShimFso.FileExists(ShimDir & "\\state.txt") Then Exit Sub
  text = ShimFso.OpenTextFile(ShimDir & "\\state.txt", 1, False, -1).ReadAll()
  Do While Len(text) > 0
    p = InStr(text, Chr(10))
    If p = 0 Then p = Len(text) + 1
    line = Left(text, p - 1)
    text = Mid(text, p + 1)
    If Len(line) > 0 Then
      a = InStr(line, Chr(9))
      b = InStr(a + 1, line, Chr(9))
      c = InStr(b + 1, line, Chr(9))
      kind = Left(line, a - 1)
      If kind = "AD" Then ShimAdd Mid(line, a + 1, b - a - 1), Mid(line, b + 1, c - b - 1), Mid(line, c + 1)
      If kind = "SAM" Then ShimSam.Add LCase(Mid(line, a + 1, b - a - 1)), Mid(line, b + 1)
      If kind = "IIS" Then ShimIis.Init Mid(line, a + 1, b - a - 1), Mid(line, b + 1)
    End If
  Loop
End Sub

Set ShimStdOut = New ShimStream
ShimStdOut.Name = "stdout"
Set ShimStdErr = New ShimStream
ShimStdErr.Name = "stderr"
Set ShimAd = WScript.CreateObject("Scripting.Dictionary")
Set ShimSam = WScript.CreateObject("Scripting.Dictionary")
Set ShimIis = New ShimIisServer
Set ShimDomains = New ShimIisDomains
ShimLoad
' ---- end of shim ----`;
}
