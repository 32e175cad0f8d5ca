/*
 * tz.h - IANA time zones read from the system's compiled zoneinfo (TZif).
 *
 * Loads /usr/share/zoneinfo/NAME (or $TZDIR/NAME), versions 1-3, and answers
 * "what is the offset at this instant" and "which instant is this wall-clock
 * time". Instants after the last transition use the file's POSIX TZ footer
 * (std/dst with Mm.w.d, Jn and n rules). Does not read TZ or /etc/localtime:
 * pressroom never depends on the machine's own zone.
 */
#ifndef PRESSROOM_TZ_H
#define PRESSROOM_TZ_H

#include <stdint.h>
#include "pressroom/err.h"

struct tz;

/*
 * Loads the zone called name ("Europe/Moscow", "UTC"). The name must be an
 * IANA zone name: ASCII letters, digits, '/', '_', '+', '-', no ".." part,
 * at most 64 bytes. ERR_INVAL for a bad name, ERR_NOTFOUND for an unknown
 * zone, ERR_CORRUPT for a file that is not TZif, ERR_NOMEM. *out is freed
 * with tz_free().
 */
enum err tz_load(const char *name, struct tz **out);

/* A zone that is UTC; never fails. Free it with tz_free() like the others. */
struct tz *tz_utc(void);

void tz_free(struct tz *z);

/* The zone's name as it was loaded. */
const char *tz_name(const struct tz *z);

/* Offset from UTC (seconds east) in force at instant t. */
int tz_offset_at(const struct tz *z, int64_t t);

/*
 * The instant at which the zone's clocks showed the wall-clock time local
 * (seconds since the epoch as if local were UTC), and the offset then in
 * force. A time that occurs twice (clocks set back) gives the earlier
 * instant; a time that never occurred (clocks set forward) gives ERR_INVAL.
 */
enum err tz_to_utc(const struct tz *z, int64_t local, int64_t *t, int *offset);

#endif
