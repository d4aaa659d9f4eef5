#ifndef URNA_COPENSSL_SHIM_H
#define URNA_COPENSSL_SHIM_H
/* Low-level EC_POINTs_mul and RSA_* are deprecated in OpenSSL 3.0 but present. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

/* Macros with arguments and variadic functions are not callable from Swift. */
static inline int urna_BN_num_bytes(const BIGNUM *a) { return BN_num_bytes(a); }
static inline void urna_OPENSSL_free(void *p) { OPENSSL_free(p); }

#include "shim_rsa.h"
#include "shim_evp.h"
#include "shim_ssl.h"
#endif
