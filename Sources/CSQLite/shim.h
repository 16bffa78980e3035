#include <sqlite3.h>

/// Swift cannot call C variadic functions; these wrap the ones LivePet needs.
static inline int livepet_sqlite3_config_log(void (*fn)(void *, int, const char *), void *arg) {
    return sqlite3_config(SQLITE_CONFIG_LOG, fn, arg);
}
