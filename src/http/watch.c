/*
 * watch.c - the request deadline thread (see watch.h).
 *
 * A doubly linked list of watched connections under one mutex, which only
 * adding and removing take (once per connection); deadlines are atomics
 * that request threads set without it. Every WATCH_TICK_MS the thread
 * walks the list under the mutex and shuts down (does not close) each
 * socket past its deadline. Removal takes the mutex, and the adapter
 * removes a connection before libmicrohttpd closes its socket, so the
 * thread never touches a descriptor that was closed and reused. Does not
 * know libmicrohttpd.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>
#include "pressroom/log.h"
#include "pressroom/mem.h"
#include "watch.h"
#include "pressroom/banned.h"

struct watch_conn {
	struct watch_conn *prev, *next;
	int fd;
	_Atomic uint64_t deadline;	/* watch_now() ns; 0: none */
};

struct watch {
	pthread_mutex_t lock;		/* the list, stop */
	pthread_cond_t wake;
	pthread_t thread;
	bool stop;
	bool log;
	struct watch_conn *head;
	_Atomic uint64_t cut;
};

uint64_t
watch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *
watch_main(void *p)
{
	struct watch *w = p;
	struct timespec until;
	uint64_t now, d, n;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += WATCH_TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->wake, &w->lock, &until);
		if (w->stop)
			break;
		now = watch_now();
		n = 0;
		for (struct watch_conn *c = w->head; c != NULL; c = c->next) {
			d = atomic_load_explicit(&c->deadline,
			    memory_order_relaxed);
			if (d == 0 || now < d)
				continue;
			atomic_store(&c->deadline, 0);
			/* libmicrohttpd sees the end and closes it itself */
			shutdown(c->fd, SHUT_RDWR);
			n++;
		}
		if (n > 0) {
			atomic_fetch_add(&w->cut, n);
			if (w->log)
				log_warn("http: closed %llu connection%s that "
				    "did not send a whole request in time",
				    (unsigned long long)n, n == 1 ? "" : "s");
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

enum err
watch_new(bool log, struct watch **out)
{
	struct watch *w = mem_calloc(1, sizeof *w);
	pthread_condattr_t ca;

	if (w == NULL)
		return ERR_NOMEM;
	w->log = log;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		mem_free(w);
		return ERR_IO;
	}
	*out = w;
	return ERR_OK;
}

void
watch_free(struct watch *w)
{
	struct watch_conn *c, *next;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	for (c = w->head; c != NULL; c = next) {
		next = c->next;
		mem_free(c);
	}
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	mem_free(w);
}

struct watch_conn *
watch_add(struct watch *w, int fd, uint64_t deadline)
{
	struct watch_conn *c = mem_calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->fd = fd;
	atomic_store(&c->deadline, deadline);
	pthread_mutex_lock(&w->lock);
	c->next = w->head;
	if (w->head != NULL)
		w->head->prev = c;
	w->head = c;
	pthread_mutex_unlock(&w->lock);
	return c;
}

void
watch_set(struct watch_conn *c, uint64_t deadline)
{
	if (c != NULL)
		atomic_store_explicit(&c->deadline, deadline,
		    memory_order_relaxed);
}

void
watch_remove(struct watch *w, struct watch_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		w->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&w->lock);
	mem_free(c);
}

uint64_t
watch_cut_count(struct watch *w)
{
	return atomic_load(&w->cut);
}
