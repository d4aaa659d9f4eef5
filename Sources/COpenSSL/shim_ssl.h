#ifndef URNA_COPENSSL_SHIM_SSL_H
#define URNA_COPENSSL_SHIM_SSL_H
/* TLS helpers (libssl): macros Swift cannot call, and a socket BIO that never raises SIGPIPE.
 *
 * OpenSSL's own socket BIO writes with write(2), which kills the process with SIGPIPE when the
 * peer has gone. This BIO sends with MSG_NOSIGNAL and receives with recv(2); a receive or send
 * timeout on the socket (SO_RCVTIMEO/SO_SNDTIMEO) comes back as a retry (SSL_ERROR_WANT_READ /
 * SSL_ERROR_WANT_WRITE). It never closes the descriptor: its owner does. */
#include <errno.h>
#include <stdint.h>
#include <sys/socket.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

static inline long urna_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long urna_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
/* No compression (CRIME), no renegotiation, the server's cipher order, a peer that closes the TCP
 * connection without close_notify read as an end of stream (HTTP bodies carry Content-Length). */
static inline uint64_t urna_SSL_OPTIONS(void) {
    return SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE
        | SSL_OP_IGNORE_UNEXPECTED_EOF;
}

/* A private key file that is encrypted must not prompt on the terminal: refuse it. */
static inline int urna_no_password(char *buffer, int size, int rwflag, void *user) {
    (void)buffer; (void)size; (void)rwflag; (void)user;
    return 0;
}
static inline void urna_SSL_CTX_refuse_passwords(SSL_CTX *ctx) {
    SSL_CTX_set_default_passwd_cb(ctx, urna_no_password);
}

static inline int urna_bio_socket_write(BIO *bio, const char *data, int length) {
    int descriptor = (int)(intptr_t)BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    for (;;) {
        ssize_t sent = send(descriptor, data, (size_t)length, MSG_NOSIGNAL);
        if (sent >= 0) return (int)sent;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_write(bio);
        return -1;
    }
}
static inline int urna_bio_socket_read(BIO *bio, char *data, int length) {
    int descriptor = (int)(intptr_t)BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    for (;;) {
        ssize_t received = recv(descriptor, data, (size_t)length, 0);
        if (received > 0) return (int)received;
        if (received == 0) {
            BIO_set_flags(bio, BIO_FLAGS_IN_EOF);
            return 0;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_read(bio);
        return -1;
    }
}
static inline long urna_bio_socket_ctrl(BIO *bio, int command, long number, void *pointer) {
    (void)number; (void)pointer;
    switch (command) {
    case BIO_CTRL_FLUSH: return 1;
    case BIO_CTRL_EOF: return BIO_test_flags(bio, BIO_FLAGS_IN_EOF) != 0;
    default: return 0;
    }
}
/* The method, made once by its Swift owner and never freed while a BIO uses it. */
static inline BIO_METHOD *urna_BIO_meth_new_socket(void) {
    BIO_METHOD *method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "urna socket");
    if (method == NULL) return NULL;
    if (!BIO_meth_set_write(method, urna_bio_socket_write) || !BIO_meth_set_read(method, urna_bio_socket_read)
        || !BIO_meth_set_ctrl(method, urna_bio_socket_ctrl)) {
        BIO_meth_free(method);
        return NULL;
    }
    return method;
}
static inline BIO *urna_BIO_new_socket(BIO_METHOD *method, int descriptor) {
    BIO *bio = BIO_new(method);
    if (bio == NULL) return NULL;
    BIO_set_data(bio, (void *)(intptr_t)descriptor);
    BIO_set_init(bio, 1);
    return bio;
}
#endif
