@echo off
setlocal
rem coexist plan for target w2003-ex01 (windows2003, server EX01), organisation Northwind Traders
rem 1 change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.
rem 5 step(s) of the procedure this script does not do; do them by hand:
rem Manual step 1: Create the SMTP connector POP3 Connector to pop.contoso.com
rem   1.1 Click Start, point to All Programs, point to Microsoft Exchange, and then click System Manager.
rem   1.2 In the console tree, right-click Connectors, point to New, and then click SMTP Connector.
rem   1.3 On the General tab, type the name POP3 Connector, click Forward all mail through this connector to the following smart hosts, and type the fully qualified domain name or, in brackets, the IP address of the server the SMTP address space's mail is routed to: [10.0.0.20] (POP01).
rem   1.4 Click Add to configure your bridgeheads, and then select your Exchange gateway servers that accept Internet mail for this domain: EX01.
rem   1.5 Click the Address Space tab, then Add, SMTP, and OK.
rem   1.6 In the E-mail domain box, type the SMTP address space of the POP3 users, pop.contoso.com, and then click OK. On the Address Space tab, the mail domain appears.
rem   1.7 Note: Caution: type the specific SMTP mail domain. Never type * (asterisk) on the SMTP connector: it makes Exchange Server accept mail for every external domain and relay it, an open relay anyone on the Internet can use. It is not secure at all.
rem   1.8 Because Exchange Server 2003 must also receive messages for this domain, on the Address Space tab, click Allow messages to be relayed to these domains. This setting lets every SMTP virtual server listed under Local bridgeheads accept messages for this domain.
rem   1.9 Click OK.
rem   1.10 Repeat this procedure on each Exchange server that accepts inbound Internet mail: EX01 (ex01.northwindtraders.com). They receive the POP3 users' mail from the Internet and must route it to the POP3 server.
rem Manual step 2: Relay restrictions of Default SMTP Virtual Server on EX01
rem   2.1 In System Manager, expand Servers, EX01, Protocols, SMTP; right-click Default SMTP Virtual Server, click Properties.
rem   2.2 On the Access tab click Relay; select Only the list below.
rem   2.3 The list must hold exactly: Single computer 10.0.0.20 (Add, then Single computer, Group of computers or Domain; Remove any other entry).
rem   2.4 Select Allow all computers which successfully authenticate to relay, regardless of the list above; click OK twice.
rem Manual step 3: Update the Recipient Update Service
rem   3.1 After this script, in System Manager expand Recipients, click Recipient Update Services.
rem   3.2 Right-click the Recipient Update Service of the domain that holds the POP3 users, click Update Now (or right-click each recipient policy changed here and click Apply this policy now).
rem   3.3 Then check on a POP3 user (Active Directory Users and Computers, E-mail Addresses tab) that the shared-domain address was added.
rem Manual step 4: Configure Outlook Express for alice to send through ex01.northwindtraders.com
rem   4.1 On the client computer of alice, open Outlook Express.
rem   4.2 On the Tools menu, click Accounts.
rem   4.3 In Internet Accounts, click the Mail tab, select the mail account alice@pop.contoso.com, and then click Properties.
rem   4.4 Click the Servers tab.
rem   4.5 Under Server Information, in Outgoing mail (SMTP), type the fully qualified domain name of your Exchange server: ex01.northwindtraders.com.
rem   4.6 Check that Incoming mail (POP3) is pop01.contoso.com.
rem   4.7 Under Outgoing Mail Server, select My server requires authentication, and then click OK.
rem Manual step 5: Configure Outlook Express for carl to send through ex01.northwindtraders.com
rem   5.1 On the client computer of carl, open Outlook Express.
rem   5.2 On the Tools menu, click Accounts.
rem   5.3 In Internet Accounts, click the Mail tab, select the mail account carl@pop.contoso.com, and then click Properties.
rem   5.4 Click the Servers tab.
rem   5.5 Under Server Information, in Outgoing mail (SMTP), type the fully qualified domain name of your Exchange server: ex01.northwindtraders.com.
rem   5.6 Check that Incoming mail (POP3) is pop01.contoso.com.
rem   5.7 Under Outgoing Mail Server, select My server requires authentication, and then click OK.
set /a COEXIST_TRIES=0
:run_dir
set /a COEXIST_TRIES+=1
if %COEXIST_TRIES% GTR 100 goto no_run_dir
set "COEXIST_RUN=%TEMP%\coexist-w2003-ex01-%RANDOM%"
(call )
mkdir "%COEXIST_RUN%" 2>nul
if errorlevel 1 goto run_dir
set "COEXIST_DONE=%COEXIST_RUN%\done"
set "COEXIST_LOCK_TAKEN=%COEXIST_RUN%\lock-taken"
cscript //nologo "%~dp0w2003-ex01.vbs"
if errorlevel 1 goto failed
if not exist "%COEXIST_DONE%" goto failed
rmdir /s /q "%COEXIST_RUN%"
exit /b 0
:failed
if exist "%COEXIST_LOCK_TAKEN%" del /q "%ALLUSERSPROFILE%\coexist-windows2003-EX01.lock"
rmdir /s /q "%COEXIST_RUN%"
echo coexist: w2003-ex01.vbs stopped before its end; nothing after the failed step was done. 1>&2
exit /b 1
:no_run_dir
echo coexist: cannot make a directory for this run under %TEMP%; nothing was changed. 1>&2
exit /b 1
