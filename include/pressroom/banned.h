/*
 * banned.h - turns unsafe or thread-unsafe libc functions into compile errors.
 *
 * Every pressroom .c file includes it after all other headers (system
 * headers declare these names; the macros must come after them), which
 * tools/lint-layers checks. Use buf_addf/snprintf, arena_strndup, str_take_until,
 * str_to_i64 and time_to_civil instead.
 */
#ifndef PRESSROOM_BANNED_H
#define PRESSROOM_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)

#endif
