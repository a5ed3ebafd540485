@echo off
setlocal
rem coexist plan for target w2003-pop01 (windows2003, server POP01), organisation Northwind Traders
rem 5 change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.
set "COEXIST_DONE=%TEMP%\coexist-w2003-pop01-%RANDOM%.done"
if exist "%COEXIST_DONE%" del /q "%COEXIST_DONE%"
cscript //nologo "%~dp0w2003-pop01.vbs"
if errorlevel 1 goto failed
if not exist "%COEXIST_DONE%" goto failed
del /q "%COEXIST_DONE%"
exit /b 0
:failed
echo coexist: w2003-pop01.vbs stopped before its end; nothing after the failed step was done. 1>&2
exit /b 1
