/* ProcessPrng for Wine 8, which lacks bcryptprimitives.dll: Rust's standard library on Windows
 * takes its random numbers from it, so no test binary starts without it. Used only by
 * `make windows-test` (scripts/windows-test.sh) to run the Windows build of the tests under Wine;
 * Windows itself has the real DLL, and nothing here ships. It fills the buffer from
 * RtlGenRandom (advapi32's SystemFunction036), the generator Rust used before ProcessPrng. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!SystemFunction036(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
