#ifndef URNA_COPENSSL_SHIM_RSA_H
#define URNA_COPENSSL_SHIM_RSA_H
/* RSA helpers (RFC 9474 blind signatures). */
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/param_build.h>

/* OSSL_PKEY_PARAM_RSA_FACTOR1 etc. are built by string-literal concatenation, which Swift does not import. */
static inline const char *urna_RSA_PARAM_N(void) { return OSSL_PKEY_PARAM_RSA_N; }
static inline const char *urna_RSA_PARAM_E(void) { return OSSL_PKEY_PARAM_RSA_E; }
static inline const char *urna_RSA_PARAM_D(void) { return OSSL_PKEY_PARAM_RSA_D; }
static inline const char *urna_RSA_PARAM_FACTOR1(void) { return OSSL_PKEY_PARAM_RSA_FACTOR1; }
static inline const char *urna_RSA_PARAM_FACTOR2(void) { return OSSL_PKEY_PARAM_RSA_FACTOR2; }
static inline const char *urna_RSA_PARAM_EXPONENT1(void) { return OSSL_PKEY_PARAM_RSA_EXPONENT1; }
static inline const char *urna_RSA_PARAM_EXPONENT2(void) { return OSSL_PKEY_PARAM_RSA_EXPONENT2; }
static inline const char *urna_RSA_PARAM_COEFFICIENT1(void) { return OSSL_PKEY_PARAM_RSA_COEFFICIENT1; }
/* EVP_PKEY_KEYPAIR / EVP_PKEY_PUBLIC_KEY are OR-ed macro expressions. */
static inline int urna_EVP_PKEY_KEYPAIR(void) { return EVP_PKEY_KEYPAIR; }
static inline int urna_EVP_PKEY_PUBLIC_KEY(void) { return EVP_PKEY_PUBLIC_KEY; }
/* EVP_PKEY_CTX_new_from_name and OSSL_DECODER_CTX keep the name/structure pointers they are given
 * (they do not copy them), so these must outlive the context: static C strings, never temporaries
 * bridged from Swift Strings. */
static inline const char *urna_NAME_RSA(void) { return "RSA"; }
static inline const char *urna_NAME_DER(void) { return "DER"; }
static inline const char *urna_NAME_SPKI(void) { return "SubjectPublicKeyInfo"; }
static inline const char *urna_NAME_PKCS8(void) { return "PrivateKeyInfo"; }
#endif
