#ifndef URNA_COPENSSL_SHIM_EVP_H
#define URNA_COPENSSL_SHIM_EVP_H
/* EVP helpers (Ed25519, HKDF, AES-GCM).
 *
 * OSSL_PARAM stores its key (and, for UTF-8 strings, its value) by pointer, so
 * the names must outlive the call that uses the array. C string literals have
 * static storage; Swift strings bridged to C pointers do not. These helpers
 * therefore build the parameters whose names are fixed here, and take only the
 * data buffers from the caller. */

/* HKDF (RFC 5869) through EVP_KDF "HKDF", digest fixed to SHA-256. */
static inline OSSL_PARAM urna_param_kdf_digest_sha256(void) {
    return OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
}
static inline OSSL_PARAM urna_param_kdf_key(const unsigned char *bytes, size_t length) {
    return OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)bytes, length);
}
static inline OSSL_PARAM urna_param_kdf_salt(const unsigned char *bytes, size_t length) {
    return OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)bytes, length);
}
static inline OSSL_PARAM urna_param_kdf_info(const unsigned char *bytes, size_t length) {
    return OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)bytes, length);
}
static inline OSSL_PARAM urna_param_end(void) { return OSSL_PARAM_construct_end(); }

/* AES-GCM control codes (macros that expand to other macros). */
static inline int urna_EVP_CTRL_GCM_SET_IVLEN(void) { return EVP_CTRL_GCM_SET_IVLEN; }
static inline int urna_EVP_CTRL_GCM_GET_TAG(void) { return EVP_CTRL_GCM_GET_TAG; }
static inline int urna_EVP_CTRL_GCM_SET_TAG(void) { return EVP_CTRL_GCM_SET_TAG; }
#endif
