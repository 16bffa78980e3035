#include <stdlib.h>
#include <zlib.h>

/// zlib's function-like macros, which Swift does not import, as inline functions.

/// An allocator that adds what zlib asks for to the `size_t` that `opaque` points to, so the
/// deflate state's size is measured, not estimated (zlib allocates it all in deflateInit2).
static voidpf livepet_zalloc_counting(voidpf opaque, uInt items, uInt size) {
    *(size_t *)opaque += (size_t)items * size;
    return malloc((size_t)items * size);
}

static void livepet_zfree(voidpf opaque, voidpf address) {
    (void)opaque;
    free(address);
}

/// deflateInit2 (raw deflate with a zlib header, RFC 1950) whose allocations are counted
/// in `*allocated`.
static inline int livepet_deflate_init2(z_streamp strm, int level, int windowBits, int memLevel, size_t *allocated) {
    strm->zalloc = livepet_zalloc_counting;
    strm->zfree = livepet_zfree;
    strm->opaque = allocated;
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, memLevel, Z_DEFAULT_STRATEGY);
}

static inline int livepet_inflate_init(z_streamp strm) {
    return inflateInit(strm);
}

/// inflateInit2: windowBits 31 reads a gzip stream (RFC 1952), 15 a zlib one.
static inline int livepet_inflate_init2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
