#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/rand.h>

/// OpenSSL's function-like macros, which Swift does not import, as inline functions.
static inline long livepet_ssl_ctx_set_min_proto(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long livepet_ssl_ctx_set_max_proto(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long livepet_ssl_ctx_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long livepet_ssl_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long livepet_bio_pending(BIO *bio) { return BIO_ctrl_pending(bio); }
static inline long livepet_bio_set_mem_eof_return(BIO *bio, int value) {
    return BIO_set_mem_eof_return(bio, value);
}
static inline int livepet_ssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/// SSL_OP_* are 64-bit shifts in OpenSSL 3, which Swift does not import.
static const uint64_t livepet_ssl_op_no_renegotiation = SSL_OP_NO_RENEGOTIATION;
static const uint64_t livepet_ssl_op_no_compression = SSL_OP_NO_COMPRESSION;
static const uint64_t livepet_ssl_op_cipher_server_preference = SSL_OP_CIPHER_SERVER_PREFERENCE;

/// A P-256 key (EVP_EC_gen is a macro over a variadic function).
static inline EVP_PKEY *livepet_ec_p256_keygen(void) { return EVP_EC_gen("P-256"); }
