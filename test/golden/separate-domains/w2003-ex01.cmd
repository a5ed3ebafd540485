@echo off
setlocal
rem coexist plan for target w2003-ex01 (windows2003, server EX01), organisation Northwind Traders
rem 1 change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.
rem 5 step(s) of the procedure this script does not do; do them by hand:
rem Manual step 1: Create the SMTP connector POP3 Connector to pop.contoso.com
rem   1.1 In System Manager, right-click Connectors, point to New, and click SMTP Connector.
rem   1.2 On the General tab, type the name POP3 Connector, click Forward all mail through this connector to the following smart hosts and type [10.0.0.20].
rem   1.3 Click Add under Local bridgeheads and add EX01.
rem   1.4 On the Address Space tab, click Add, SMTP, OK; in E-mail domain type pop.contoso.com (cost 1). Never type *.
rem   1.5 Select Allow messages to be relayed to these domains.
rem   1.6 Click OK. Repeat on every Exchange server that accepts inbound Internet mail (ex01.northwindtraders.com).
rem Manual step 2: Relay restrictions of Default SMTP Virtual Server on EX01
rem   2.1 In System Manager, expand Servers, EX01, Protocols, SMTP; right-click Default SMTP Virtual Server, click Properties.
rem   2.2 On the Access tab click Relay; select Only the list below.
rem   2.3 The list must hold exactly: 10.0.0.20 (Add, Single computer or Group of computers; Remove any other entry).
rem   2.4 Select Allow all computers which successfully authenticate to relay, regardless of the list above; click OK twice.
rem Manual step 3: Update the Recipient Update Service
rem   3.1 After this script, in System Manager expand Recipients, click Recipient Update Services.
rem   3.2 Right-click the Recipient Update Service of the domain that holds the POP3 users, click Update Now (or right-click each recipient policy changed here and click Apply this policy now).
rem   3.3 Then check on a POP3 user (Active Directory Users and Computers, E-mail Addresses tab) that the shared-domain address was added.
rem Manual step 4: Configure Outlook Express for alice to send through ex01.northwindtraders.com
rem   4.1 On the client computer, open Outlook Express; on the Tools menu click Accounts.
rem   4.2 In Internet Accounts, on the Mail tab, select alice@pop.contoso.com and click Properties, then the Servers tab.
rem   4.3 Set Incoming mail (POP3) to pop01.contoso.com and Outgoing mail (SMTP) to ex01.northwindtraders.com.
rem   4.4 Select My server requires authentication; click OK.
rem Manual step 5: Configure Outlook Express for carl to send through ex01.northwindtraders.com
rem   5.1 On the client computer, open Outlook Express; on the Tools menu click Accounts.
rem   5.2 In Internet Accounts, on the Mail tab, select carl@pop.contoso.com and click Properties, then the Servers tab.
rem   5.3 Set Incoming mail (POP3) to pop01.contoso.com and Outgoing mail (SMTP) to ex01.northwindtraders.com.
rem   5.4 Select My server requires authentication; click OK.
set "COEXIST_DONE=%TEMP%\coexist-w2003-ex01-%RANDOM%.done"
if exist "%COEXIST_DONE%" del /q "%COEXIST_DONE%"
cscript //nologo "%~dp0w2003-ex01.vbs"
if errorlevel 1 goto failed
if not exist "%COEXIST_DONE%" goto failed
del /q "%COEXIST_DONE%"
exit /b 0
:failed
echo coexist: w2003-ex01.vbs stopped before its end; nothing after the failed step was done. 1>&2
exit /b 1
