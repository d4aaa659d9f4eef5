#ifndef URNA_COPENSSL_SHIM_RSA_H
#define URNA_COPENSSL_SHIM_RSA_H
/* RSA helpers (RFC 9474). */
#endif
