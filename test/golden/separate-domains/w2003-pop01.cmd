@echo off
rem coexist plan for target w2003-pop01 (windows2003, server POP01), organisation Northwind Traders
rem 5 change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.
cscript //nologo "%~dp0w2003-pop01.vbs"
