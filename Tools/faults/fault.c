/* Fault injection for Tools/faults/run.py, loaded into `urna serve` with LD_PRELOAD.
 *
 * While the file named by URNA_FAULT_FLAG exists, every write, truncate or sync on a
 * descriptor whose path starts with URNA_FAULT_PREFIX fails with the errno written in that file
 * (EROFS, 30, by default): what a process sees when the kernel turns a failing file system
 * read-only under it, which a test cannot do to a real mount while files on it are open for
 * writing. Remove the file and the same calls succeed again. Everything else passes through.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int fault_for(int fd) {
    const char *flag = getenv("URNA_FAULT_FLAG");
    const char *prefix = getenv("URNA_FAULT_PREFIX");
    if (flag == NULL || prefix == NULL) return 0;
    FILE *file = fopen(flag, "r");
    if (file == NULL) return 0;
    int code = 0;
    if (fscanf(file, "%d", &code) != 1 || code <= 0) code = EROFS;
    fclose(file);
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, sizeof path - 1);
    if (length <= 0) return 0;
    path[length] = 0;
    return strncmp(path, prefix, strlen(prefix)) == 0 ? code : 0;
}

#define REAL(name) static __typeof__(name) *real; if (!real) real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)
#define FAIL_IF_FAULTY(fd) do { int code = fault_for(fd); if (code) { errno = code; return -1; } } while (0)

ssize_t write(int fd, const void *buffer, size_t count) { REAL(write); FAIL_IF_FAULTY(fd); return real(fd, buffer, count); }
ssize_t pwrite(int fd, const void *buffer, size_t count, off_t offset) { REAL(pwrite); FAIL_IF_FAULTY(fd); return real(fd, buffer, count, offset); }
ssize_t pwrite64(int fd, const void *buffer, size_t count, off64_t offset) { REAL(pwrite64); FAIL_IF_FAULTY(fd); return real(fd, buffer, count, offset); }
int fsync(int fd) { REAL(fsync); FAIL_IF_FAULTY(fd); return real(fd); }
int fdatasync(int fd) { REAL(fdatasync); FAIL_IF_FAULTY(fd); return real(fd); }
int ftruncate(int fd, off_t length) { REAL(ftruncate); FAIL_IF_FAULTY(fd); return real(fd, length); }
int ftruncate64(int fd, off64_t length) { REAL(ftruncate64); FAIL_IF_FAULTY(fd); return real(fd, length); }

/* A wall clock set back or forward: while the file named by URNA_CLOCK_OFFSET exists, the
 * real-time clock reads that many seconds (a decimal, may be negative) away from the true
 * time. Monotonic clocks are left alone, as a real clock change leaves them. */
#include <sys/time.h>
#include <time.h>

static double clock_offset(void) {
    const char *name = getenv("URNA_CLOCK_OFFSET");
    if (name == NULL) return 0;
    FILE *file = fopen(name, "r");
    if (file == NULL) return 0;
    double offset = 0;
    if (fscanf(file, "%lf", &offset) != 1) offset = 0;
    fclose(file);
    return offset;
}

static void shift(struct timespec *time, double offset) {
    long long nanoseconds = (long long)time->tv_sec * 1000000000LL + time->tv_nsec + (long long)(offset * 1e9);
    time->tv_sec = nanoseconds / 1000000000LL;
    time->tv_nsec = nanoseconds % 1000000000LL;
}

int clock_gettime(clockid_t id, struct timespec *time) {
    REAL(clock_gettime);
    int result = real(id, time);
    if (result == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) shift(time, clock_offset());
    return result;
}

int gettimeofday(struct timeval *restrict time, void *restrict zone) {
    REAL(gettimeofday);
    int result = real(time, zone);
    if (result == 0) {
        struct timespec spec = {time->tv_sec, time->tv_usec * 1000};
        shift(&spec, clock_offset());
        time->tv_sec = spec.tv_sec;
        time->tv_usec = spec.tv_nsec / 1000;
    }
    return result;
}

time_t time(time_t *out) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (out != NULL) *out = now.tv_sec;
    return now.tv_sec;
}
