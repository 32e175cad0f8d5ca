/*
 * watch.h - deadlines for whole requests, which libmicrohttpd 0.9.75 lacks.
 *
 * libmicrohttpd's connection timeout only counts idle time: a client that
 * sends its headers or its body a byte every few seconds (slowloris) keeps
 * a connection for hours. The server adapter gives each connection a
 * deadline here (the headers of the next request must be in by then; a
 * body extends it by its size at a minimum rate), and a thread shuts down
 * the socket of any connection past its deadline; libmicrohttpd then sees
 * the connection end and closes it as usual.
 *
 * Private to src/http. Knows sockets, not libmicrohttpd: the adapter
 * registers a connection when it is accepted and removes it before its
 * socket is closed, so a socket is never shut down after it was reused.
 */
#ifndef PRESSROOM_HTTP_WATCH_H
#define PRESSROOM_HTTP_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include "pressroom/err.h"

struct watch;
struct watch_conn;

/*
 * Starts the watch thread, which looks every WATCH_TICK_MS. log: report
 * the connections it closes (one line per look at most). ERR_NOMEM, or
 * ERR_IO when no thread can be started.
 */
#define WATCH_TICK_MS 200
enum err watch_new(bool log, struct watch **out);
/* Stops the thread and frees w; every connection must be removed first
 * (the adapter stops libmicrohttpd before). NULL is a no-op. */
void watch_free(struct watch *w);

/* CLOCK_MONOTONIC now, in nanoseconds. */
uint64_t watch_now(void);

/*
 * Watches socket fd with a first deadline (watch_now() based, ns). NULL
 * when there is no memory: that connection is then not watched (it still
 * has libmicrohttpd's idle timeout).
 */
struct watch_conn *watch_add(struct watch *w, int fd, uint64_t deadline);
/* Sets c's deadline; 0 for none. c NULL is a no-op. Lock-free. */
void watch_set(struct watch_conn *c, uint64_t deadline);
/* Forgets c; call before its socket is closed. c NULL is a no-op. */
void watch_remove(struct watch *w, struct watch_conn *c);

/* Connections closed for being past their deadline, since watch_new. */
uint64_t watch_cut_count(struct watch *w);

#endif
