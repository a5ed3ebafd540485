@echo off
rem coexist plan for target w2003-ex01 (windows2003, server EX01), organisation Northwind Traders
rem 1 change(s). Passwords are read at run time (environment variable or hidden prompt), never stored here.
cscript //nologo "%~dp0w2003-ex01.vbs"
