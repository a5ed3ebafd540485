/* Stand-in for winpop.exe and ldifde.exe under Wine (built with mingw-w64 by test/interpreters/wine.ts).
 * Appends to %COEXIST_STANDIN_LOG% (UTF-16LE) one record per run: "CALL", one "ARG <value>" line per
 * argument as CommandLineToArgvW split them, and for an ldifde import (-i ... -f <file>) the file's bytes
 * between "FILE" and "ENDFILE". %COEXIST_STANDIN_SPAM% = N writes about N bytes to stdout and to stderr
 * (a child that fills any pipe); %COEXIST_STANDIN_EXIT% = the exit code. Records, decides nothing.
 */
#include <windows.h>
#include <shellapi.h>
#include <stdlib.h>

static void put(HANDLE h, const wchar_t *s) { DWORD n; WriteFile(h, s, lstrlenW(s) * 2, &n, NULL); }

int wmain(void) {
  int argc;
  LPWSTR *argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  wchar_t path[2048], v[64];
  DWORD n = GetEnvironmentVariableW(L"COEXIST_STANDIN_LOG", path, 2048);
  if (n > 0 && n < 2048) {
    HANDLE h = CreateFileW(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) return 90;
    put(h, L"CALL\n");
    int import = 0;
    for (int i = 0; i < argc; i++) {
      put(h, L"ARG "); put(h, argv[i]); put(h, L"\n");
      if (i > 0 && !lstrcmpW(argv[i], L"-i")) import = 1;
    }
    for (int i = 1; import && i + 1 < argc; i++) {
      if (lstrcmpW(argv[i], L"-f")) continue;
      HANDLE f = CreateFileW(argv[i + 1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
      put(h, L"FILE\n");
      if (f != INVALID_HANDLE_VALUE) {
        unsigned char buf[4096]; wchar_t wide[4096]; DWORD r, x;
        while (ReadFile(f, buf, sizeof buf, &r, NULL) && r > 0) {
          for (DWORD k = 0; k < r; k++) wide[k] = buf[k];
          WriteFile(h, wide, r * 2, &x, NULL);
        }
        CloseHandle(f);
      }
      put(h, L"\nENDFILE\n");
    }
    CloseHandle(h);
  }
  if (GetEnvironmentVariableW(L"COEXIST_STANDIN_SPAM", v, 64) > 0) {
    int total = _wtoi(v);
    char line[101]; DWORD x;
    for (int j = 0; j < 100; j++) line[j] = 'x';
    line[100] = '\n';
    for (int j = 0; j < total / 101; j++) {
      WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), line, 101, &x, NULL);
      WriteFile(GetStdHandle(STD_ERROR_HANDLE), line, 101, &x, NULL);
    }
  }
  if (GetEnvironmentVariableW(L"COEXIST_STANDIN_EXIT", v, 64) > 0) return _wtoi(v);
  return 0;
}
