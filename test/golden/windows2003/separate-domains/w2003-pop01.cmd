@echo off
setlocal
rem coexist plan for target w2003-pop01 (windows2003, server POP01), organisation Northwind Traders
rem 5 change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.
set /a COEXIST_TRIES=0
:run_dir
set /a COEXIST_TRIES+=1
if %COEXIST_TRIES% GTR 100 goto no_run_dir
set "COEXIST_RUN=%TEMP%\coexist-w2003-pop01-%RANDOM%"
(call )
mkdir "%COEXIST_RUN%" 2>nul
if errorlevel 1 goto run_dir
set "COEXIST_DONE=%COEXIST_RUN%\done"
set "COEXIST_LOCK_TAKEN=%COEXIST_RUN%\lock-taken"
cscript //nologo "%~dp0w2003-pop01.vbs"
if errorlevel 1 goto failed
if not exist "%COEXIST_DONE%" goto failed
rmdir /s /q "%COEXIST_RUN%"
exit /b 0
:failed
if exist "%COEXIST_LOCK_TAKEN%" del /q "%ALLUSERSPROFILE%\coexist-windows2003-POP01.lock"
rmdir /s /q "%COEXIST_RUN%"
echo coexist: w2003-pop01.vbs stopped before its end; nothing after the failed step was done. 1>&2
exit /b 1
:no_run_dir
echo coexist: cannot make a directory for this run under %TEMP%; nothing was changed. 1>&2
exit /b 1
