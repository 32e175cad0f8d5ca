/*
 * slug.h - URL slugs: the readable last part of an article's address.
 *
 * A slug is 1..LIMIT_SLUG_BYTES bytes of [a-z0-9-] that neither starts nor
 * ends with '-' and has no "--". Does not guarantee uniqueness: the store
 * does that when it saves.
 */
#ifndef PRESSROOM_SLUG_H
#define PRESSROOM_SLUG_H

#include <stdbool.h>
#include <stddef.h>
#include "pressroom/arena.h"
#include "pressroom/err.h"

bool slug_valid(const char *s);

/*
 * True for the words the site uses under /{locale}/ ("page", "p",
 * "search", "tag", "speaker", "archive"...): an asset may not take them,
 * or its page and that part of the site would share an address.
 */
bool slug_reserved(const char *s);

/*
 * Makes a slug from a title: letters with diacritics lose them (é -> e,
 * ß -> ss), Cyrillic is transliterated (Лавров -> lavrov), apostrophes
 * vanish, other scripts and punctuation become separators. The result is
 * cut at a word boundary to at most max bytes (<= LIMIT_SLUG_BYTES).
 * ERR_INVAL if the title yields no letter or digit (for example an Arabic
 * title: the caller then uses a fallback such as the kind and date); *out is
 * in a.
 */
enum err slug_from_title(struct arena *a, const char *title, size_t max,
    char **out);

#endif
